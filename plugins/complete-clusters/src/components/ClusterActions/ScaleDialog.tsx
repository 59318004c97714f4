import { useState } from 'react';
import { ActionError } from './ActionError';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  TextField,
} from '@material-ui/core';
import type { ScaleParameter } from '@complete-clusters/plugin-complete-clusters-common';
import type { ActionDialogProps } from './ActionDialogProps';

/** Props of {@link ScaleDialog}. */
export interface ScaleDialogProps extends ActionDialogProps {
  parameters: ScaleParameter[];
  onScale: (values: Record<string, number>) => void;
}

function outOfBounds(p: ScaleParameter, value: number): string | undefined {
  if (!Number.isFinite(value)) return 'Give a number';
  if (p.minimum !== undefined && value < p.minimum)
    return `At least ${p.minimum}`;
  if (p.maximum !== undefined && value > p.maximum)
    return `At most ${p.maximum}`;
  return undefined;
}

/** Resizing node pools, each field bounded as the template allows. */
export function ScaleDialog({
  name,
  parameters,
  open,
  busy,
  error,
  onClose,
  onScale,
}: ScaleDialogProps) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameters.map(p => [p.id, String(p.value)])),
  );
  const numbers = Object.fromEntries(
    parameters.map(p => [p.id, Number(values[p.id])]),
  );
  const problems = parameters.map(p => outOfBounds(p, numbers[p.id]));
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={`scale-${name}`}>
      <DialogTitle id={`scale-${name}`}>Scale {name}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Within the bounds its template allows.
        </DialogContentText>
        {parameters.map((p, i) => (
          <TextField
            key={p.id}
            id={`scale-${name}-${p.id}`}
            fullWidth
            type="number"
            label={p.title}
            value={values[p.id]}
            onChange={e => setValues({ ...values, [p.id]: e.target.value })}
            inputProps={{
              min: p.minimum,
              max: p.maximum,
              'aria-label': p.title,
            }}
            error={!!problems[i]}
            helperText={
              problems[i] ?? `${p.minimum ?? 0} to ${p.maximum ?? 'any'}`
            }
          />
        ))}
        {error && <ActionError message={error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || problems.some(Boolean)}
          onClick={() => onScale(numbers)}
        >
          Scale
        </Button>
      </DialogActions>
    </Dialog>
  );
}

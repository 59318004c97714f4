import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  MenuItem,
  TextField,
} from '@material-ui/core';
import { ActionError } from './ActionError';
import type { ActionDialogProps } from './ActionDialogProps';

/** Props of {@link RebuildDialog}. */
export interface RebuildDialogProps extends ActionDialogProps {
  /** The region the cluster is in now. */
  location: string;
  /** The regions its template allows it to be rebuilt in, as the backend lists them. */
  regions: string[];
  onRebuild: (body: { region: string; reason?: string }) => void;
}

/**
 * Rebuilding a cluster in another region its template allows: a new cluster
 * from the same template version and answers takes the name; the old one is
 * deleted only once its owner confirms.
 */
export function RebuildDialog({
  name,
  location,
  regions,
  open,
  busy,
  error,
  onClose,
  onRebuild,
}: RebuildDialogProps) {
  const [region, setRegion] = useState('');
  const [reason, setReason] = useState('');
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={`rebuild-${name}`}>
      <DialogTitle id={`rebuild-${name}`}>
        Rebuild {name} in another region
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          A new cluster is built from the same template version and answers in
          the region you choose, after the pre-flight checks pass there; the
          name and the catalog entity move to it. The cluster in {location}{' '}
          stays until you confirm its deletion.
        </DialogContentText>
        <TextField
          select
          fullWidth
          id={`rebuild-region-${name}`}
          label="Region"
          value={region}
          onChange={e => setRegion(e.target.value)}
          helperText="The regions its template allows"
        >
          {regions.map(r => (
            <MenuItem key={r} value={r}>
              {r}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          fullWidth
          margin="normal"
          id={`rebuild-reason-${name}`}
          label="Reason (optional)"
          value={reason}
          onChange={e => setReason(e.target.value)}
        />
        {error && <ActionError message={error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={busy || !region}
          onClick={() =>
            onRebuild({
              region,
              ...(reason.trim() ? { reason: reason.trim() } : {}),
            })
          }
        >
          Rebuild
        </Button>
      </DialogActions>
    </Dialog>
  );
}

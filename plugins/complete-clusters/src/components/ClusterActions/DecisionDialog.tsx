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
import type { ActionDialogProps } from './ActionDialogProps';

/** Props of {@link DecisionDialog}. */
export interface DecisionDialogProps extends ActionDialogProps {
  decision: 'approve' | 'reject';
  onDecide: (reason: string) => void;
}

/** Approving or rejecting a request, always with a reason the requester will read. */
export function DecisionDialog({
  name,
  decision,
  open,
  busy,
  error,
  onClose,
  onDecide,
}: DecisionDialogProps) {
  const [reason, setReason] = useState('');
  const verb = decision === 'approve' ? 'Approve' : 'Reject';
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={`decision-${name}`}>
      <DialogTitle id={`decision-${name}`}>
        {verb} the request for {name}
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          {decision === 'approve'
            ? 'The cluster is built as soon as you approve it.'
            : 'Nothing is built; the requester sees who rejected the request and why.'}
        </DialogContentText>
        <TextField
          // The dialog asks for this one field: focus goes into it, as the WAI-ARIA dialog pattern asks.
          // eslint-disable-next-line jsx-a11y/no-autofocus
          autoFocus
          fullWidth
          multiline
          required
          id={`decision-reason-${name}`}
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          inputProps={{ maxLength: 1000 }}
        />
        {error && <ActionError message={error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={busy || reason.trim() === ''}
          onClick={() => onDecide(reason.trim())}
        >
          {verb}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

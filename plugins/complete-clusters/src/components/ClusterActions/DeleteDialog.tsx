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

/** Props of {@link DeleteDialog}. */
export interface DeleteDialogProps extends ActionDialogProps {
  resourceGroup: string;
  onDelete: (confirm: string) => void;
}

/** Deleting a cluster: typing its name confirms that everything in it goes. */
export function DeleteDialog({
  name,
  resourceGroup,
  open,
  busy,
  error,
  onClose,
  onDelete,
}: DeleteDialogProps) {
  const [typed, setTyped] = useState('');
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={`delete-${name}`}>
      <DialogTitle id={`delete-${name}`}>Delete {name}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          The managed cluster, its resource group {resourceGroup} and everything
          in them are deleted from Azure, then the cluster leaves the catalog.
          This cannot be undone. Type the cluster's name to confirm.
        </DialogContentText>
        <TextField
          // The dialog asks for this one field: focus goes into it, as the WAI-ARIA dialog pattern asks.
          // eslint-disable-next-line jsx-a11y/no-autofocus
          autoFocus
          fullWidth
          id={`delete-confirm-${name}`}
          label="Cluster name"
          value={typed}
          onChange={e => setTyped(e.target.value)}
        />
        {error && <ActionError message={error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="secondary"
          disabled={busy || typed !== name}
          onClick={() => onDelete(typed)}
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}

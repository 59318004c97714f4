import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
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
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import { ActionError } from './ActionError';
import type { ActionDialogProps } from './ActionDialogProps';

/** Props of {@link TransferDialog}. */
export interface TransferDialogProps extends ActionDialogProps {
  /** The cluster's owner now, left out of the choices. */
  ownerRef: string;
  onTransfer: (owner: string) => void;
}

/**
 * Handing a cluster over: to one of the signed-in user's groups, or to the
 * user. The backend checks the permission and the membership again; access
 * in Azure follows the new owner where the template grants it to the owner.
 */
export function TransferDialog({
  name,
  ownerRef,
  open,
  busy,
  error,
  onClose,
  onTransfer,
}: TransferDialogProps) {
  const identity = useApi(identityApiRef);
  const [chosen, setChosen] = useState('');
  const choices = useAsync(async () => {
    const { userEntityRef, ownershipEntityRefs } =
      await identity.getBackstageIdentity();
    const refs = [
      ...ownershipEntityRefs.filter(r => parseEntityRef(r).kind === 'group'),
      userEntityRef,
    ];
    return [...new Set(refs)].filter(
      r => r.toLocaleLowerCase('en-US') !== ownerRef.toLocaleLowerCase('en-US'),
    );
  }, [identity, ownerRef]);
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={`transfer-${name}`}>
      <DialogTitle id={`transfer-${name}`}>Transfer {name}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          The new owner sees the cluster under My clusters and may change or
          delete it. Where the template grants access to the owner, Azure access
          moves with it. The transfer is kept in the cluster's history.
        </DialogContentText>
        <TextField
          select
          fullWidth
          id={`transfer-owner-${name}`}
          label="New owner"
          value={chosen}
          onChange={e => setChosen(e.target.value)}
          helperText={
            choices.value?.length === 0
              ? 'You belong to no other group that could own it.'
              : 'One of your groups, or you'
          }
        >
          {(choices.value ?? []).map(ref => (
            <MenuItem key={ref} value={ref}>
              {humanizeEntityRef(parseEntityRef(ref))}
            </MenuItem>
          ))}
        </TextField>
        {choices.error && <ActionError message={choices.error.message} />}
        {error && <ActionError message={error} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={busy || !chosen}
          onClick={() => onTransfer(chosen)}
        >
          Transfer
        </Button>
      </DialogActions>
    </Dialog>
  );
}

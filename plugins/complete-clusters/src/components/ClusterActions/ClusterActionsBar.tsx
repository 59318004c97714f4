import { useState } from 'react';
import { Button, makeStyles, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type { ClusterDetails } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { ActionError } from './ActionError';
import { DecisionDialog } from './DecisionDialog';
import { DeleteDialog } from './DeleteDialog';
import { RebuildDialog } from './RebuildDialog';
import { ScaleDialog } from './ScaleDialog';
import { TransferDialog } from './TransferDialog';
import { useAction } from './useAction';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginTop: theme.spacing(2),
  },
  note: {
    marginTop: theme.spacing(1),
  },
}));

type Open =
  | 'approve'
  | 'reject'
  | 'scale'
  | 'transfer'
  | 'rebuild'
  | 'delete'
  | undefined;

/**
 * The actions the signed-in user may take on a cluster, as the backend says
 * they may (approve or reject, scale, retry, transfer, rebuild in another
 * region and confirm the old one's deletion, delete); each in a dialog that
 * says what it does and shows the backend's answer when it refuses.
 */
export function ClusterActionsBar({
  cluster,
  onChanged,
}: {
  cluster: ClusterDetails;
  onChanged: () => void;
}) {
  const classes = useStyles();
  const api = useApi(completeClustersApiRef);
  const [open, setOpen] = useState<Open>();
  const close = () => setOpen(undefined);
  const { busy, error, run, clearError } = useAction(() => {
    close();
    onChanged();
  });
  const show = (which: Open) => {
    clearError();
    setOpen(which);
  };
  const { actions, name } = cluster;
  if (
    !actions.approve &&
    !actions.scale &&
    !actions.delete &&
    !actions.retry &&
    !actions.transfer &&
    !actions.rebuild &&
    !actions.confirmRebuild &&
    !cluster.rebuild?.awaitingConfirmation
  )
    return null;
  return (
    <>
      <div className={classes.bar} role="group" aria-label="Cluster actions">
        {actions.approve && (
          <>
            <Button
              variant="contained"
              color="primary"
              onClick={() => show('approve')}
            >
              Approve
            </Button>
            <Button variant="outlined" onClick={() => show('reject')}>
              Reject
            </Button>
          </>
        )}
        {actions.retry && (
          <Button
            variant="outlined"
            disabled={busy}
            onClick={() => run(() => api.retryCluster(name))}
          >
            Retry
          </Button>
        )}
        {actions.scale && (
          <Button variant="outlined" onClick={() => show('scale')}>
            Scale
          </Button>
        )}
        {actions.transfer && (
          <Button variant="outlined" onClick={() => show('transfer')}>
            Transfer
          </Button>
        )}
        {actions.rebuild && (
          <Button variant="outlined" onClick={() => show('rebuild')}>
            Rebuild in another region
          </Button>
        )}
        {actions.confirmRebuild && (
          <Button
            variant="outlined"
            color="secondary"
            disabled={busy}
            onClick={() => run(() => api.confirmRebuild(name))}
          >
            Confirm deletion of the old cluster
          </Button>
        )}
        {actions.delete && (
          <Button
            variant="outlined"
            color="secondary"
            onClick={() => show('delete')}
          >
            Delete
          </Button>
        )}
      </div>
      {cluster.rebuild?.awaitingConfirmation && (
        <Typography variant="body2" className={classes.note}>
          Rebuilt from {cluster.rebuild.from.location}: the old cluster there is
          replaced by the rebuild in {cluster.rebuild.to.location}, waiting for
          your confirmation to delete
          {cluster.rebuild.to.phase === 'Ready'
            ? '.'
            : ` (possible once the rebuild is Ready; it is ${cluster.rebuild.to.phase}).`}
        </Typography>
      )}
      {!open && error && <ActionError message={error} />}
      {(open === 'approve' || open === 'reject') && (
        <DecisionDialog
          name={name}
          decision={open}
          open
          busy={busy}
          error={error}
          onClose={close}
          onDecide={reason =>
            run(() => api.decide(name, { decision: open, reason }))
          }
        />
      )}
      {open === 'scale' && (
        <ScaleDialog
          name={name}
          parameters={cluster.scaleParameters}
          open
          busy={busy}
          error={error}
          onClose={close}
          onScale={parameters =>
            run(() => api.scaleCluster(name, { parameters }))
          }
        />
      )}
      {open === 'transfer' && (
        <TransferDialog
          name={name}
          ownerRef={cluster.ownerRef}
          open
          busy={busy}
          error={error}
          onClose={close}
          onTransfer={owner => run(() => api.transferCluster(name, { owner }))}
        />
      )}
      {open === 'rebuild' && (
        <RebuildDialog
          name={name}
          location={cluster.azure.location}
          regions={cluster.rebuildRegions ?? []}
          open
          busy={busy}
          error={error}
          onClose={close}
          onRebuild={body => run(() => api.rebuildCluster(name, body))}
        />
      )}
      {open === 'delete' && (
        <DeleteDialog
          name={name}
          resourceGroup={cluster.azure.resourceGroup}
          open
          busy={busy}
          error={error}
          onClose={close}
          onDelete={confirm => run(() => api.deleteCluster(name, { confirm }))}
        />
      )}
    </>
  );
}

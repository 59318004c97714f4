import { useState } from 'react';
import { Button } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type { FleetCluster } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { ActionError, DecisionDialog, useAction } from '../ClusterActions';
import { ButtonRow } from '../TableColumns';

/** What the signed-in user may do with one cluster from the fleet view, as the backend says: approve or reject, retry. */
export function FleetRowActions({
  cluster,
  onDone,
}: {
  cluster: FleetCluster;
  onDone: () => void;
}) {
  const api = useApi(completeClustersApiRef);
  const { busy, error, run, clearError } = useAction(onDone);
  const [decision, setDecision] = useState<'approve' | 'reject'>();
  if (!cluster.actions.approve && !cluster.actions.retry) return null;
  return (
    <ButtonRow>
      {cluster.actions.approve && (
        <>
          <Button
            size="small"
            color="primary"
            variant="outlined"
            onClick={() => setDecision('approve')}
          >
            Approve
          </Button>
          <Button
            size="small"
            variant="outlined"
            onClick={() => setDecision('reject')}
          >
            Reject
          </Button>
        </>
      )}
      {cluster.actions.retry && (
        <Button
          size="small"
          variant="outlined"
          disabled={busy}
          onClick={() => run(() => api.retryCluster(cluster.name))}
        >
          Retry
        </Button>
      )}
      {decision && (
        <DecisionDialog
          name={cluster.name}
          decision={decision}
          open
          busy={busy}
          error={error}
          onClose={() => {
            setDecision(undefined);
            clearError();
          }}
          onDecide={reason =>
            run(() => api.decide(cluster.name, { decision, reason })).then(
              ok => ok && setDecision(undefined),
            )
          }
        />
      )}
      {!decision && error && <ActionError message={error} />}
    </ButtonRow>
  );
}

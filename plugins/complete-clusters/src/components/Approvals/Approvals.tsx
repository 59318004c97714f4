import { useState } from 'react';
import { Button, makeStyles, Paper, Table, TableBody, TableCell, TableHead, TableRow } from '@material-ui/core';
import { ContentHeader, Link, WarningPanel } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { DecisionDialog, useAction } from '../ClusterActions';
import { Timestamp } from '../Timestamp';
import { useApprovals } from './useApprovals';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(4) },
  buttons: { display: 'flex', gap: theme.spacing(1) },
}));

/**
 * Requests that wait for the signed-in user's decision: templates whose
 * approver group they belong to, never their own requests. Shown only when
 * there is something to decide.
 */
export function Approvals() {
  const classes = useStyles();
  const api = useApi(completeClustersApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { value, error, reload } = useApprovals();
  const [deciding, setDeciding] = useState<{ cluster: Cluster; decision: 'approve' | 'reject' }>();
  const action = useAction(() => {
    setDeciding(undefined);
    reload();
  });
  if (!value?.length) return error ? <WarningPanel title="Could not load the requests waiting for your approval" message={error.message} /> : null;
  return (
    <section aria-label="Awaiting your approval" className={classes.section}>
      <ContentHeader title="Awaiting your approval" />
      <Paper>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Cluster</TableCell>
              <TableCell>Template</TableCell>
              <TableCell>Requested by</TableCell>
              <TableCell>Requested</TableCell>
              <TableCell>Decision</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {value.map(cluster => (
              <TableRow key={cluster.name} data-testid={`approval-${cluster.name}`}>
                <TableCell>
                  <Link to={entityRoute({ kind: 'resource', namespace: 'default', name: cluster.name })}>{cluster.name}</Link>
                </TableCell>
                <TableCell>
                  <EntityRefLink entityRef={cluster.templateRef} hideIcon /> v{cluster.templateVersion}
                </TableCell>
                <TableCell>
                  <EntityRefLink entityRef={cluster.requestedBy} defaultKind="user" />
                </TableCell>
                <TableCell>
                  <Timestamp iso={cluster.createdAt} />
                </TableCell>
                <TableCell>
                  <div className={classes.buttons}>
                    <Button size="small" variant="contained" color="primary" aria-label={`Approve ${cluster.name}`} onClick={() => { action.clearError(); setDeciding({ cluster, decision: 'approve' }); }}>
                      Approve
                    </Button>
                    <Button size="small" variant="outlined" aria-label={`Reject ${cluster.name}`} onClick={() => { action.clearError(); setDeciding({ cluster, decision: 'reject' }); }}>
                      Reject
                    </Button>
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      {deciding && (
        <DecisionDialog
          open
          name={deciding.cluster.name}
          decision={deciding.decision}
          busy={action.busy}
          error={action.error}
          onClose={() => setDeciding(undefined)}
          onDecide={reason => action.run(() => api.decide(deciding.cluster.name, { decision: deciding.decision, reason }))}
        />
      )}
    </section>
  );
}

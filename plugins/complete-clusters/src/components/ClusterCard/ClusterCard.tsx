import { makeStyles, Typography } from '@material-ui/core';
import { InfoCard, Progress, ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { completeClustersApiRef } from '../../api';
import { ClusterActionsBar, DriftPanel, UpdatePanel, useAction } from '../ClusterActions';
import type { ClusterDetails } from '@complete-clusters/plugin-complete-clusters-common';
import { ClusterEvents } from './ClusterEvents';
import { ClusterFacts } from './ClusterFacts';
import { ComponentTable } from './ComponentTable';
import { NodePoolTable } from './NodePoolTable';
import { useCluster } from './useCluster';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
}));

function ClusterDetailsView({ cluster, reload }: { cluster: ClusterDetails; reload: () => void }) {
  const classes = useStyles();
  const api = useApi(completeClustersApiRef);
  const update = useAction(reload);
  return (
    <>
      <ClusterFacts cluster={cluster} />
      <ClusterActionsBar cluster={cluster} onChanged={reload} />
      {cluster.update && (
        <UpdatePanel
          update={cluster.update}
          canUpdate={cluster.actions.update}
          busy={update.busy}
          error={update.error}
          onUpdate={() => update.run(() => api.updateCluster(cluster.name, { toVersion: cluster.update!.toVersion }))}
        />
      )}
      {cluster.drift && cluster.drift.items.length > 0 && <DriftPanel drift={cluster.drift} />}
      <Typography variant="subtitle2" component="h3" className={classes.section}>
        Node pools
      </Typography>
      <NodePoolTable nodePools={cluster.nodePools} />
      <Typography variant="subtitle2" component="h3" className={classes.section}>
        Policies
      </Typography>
      <ComponentTable label="Policies" components={cluster.components.filter(c => c.layer === 'policies')} />
      <Typography variant="subtitle2" component="h3" className={classes.section}>
        Applications
      </Typography>
      <ComponentTable label="Applications" components={cluster.components.filter(c => c.layer === 'applications')} />
      <Typography variant="subtitle2" component="h3" className={classes.section}>
        Events
      </Typography>
      <ClusterEvents events={cluster.events} />
    </>
  );
}

function ClusterCardBody({ name }: { name: string }) {
  const { value: cluster, loading, error, reload } = useCluster(name);
  if (loading) return <Progress />;
  if (error && !cluster) return <ResponseErrorPanel error={error} title={`Could not load cluster ${name}`} />;
  if (!cluster) {
    return (
      <Typography variant="body2">
        Complete Clusters has no cluster named {name}. It may have been deleted, or this entity was not made by
        Complete Clusters.
      </Typography>
    );
  }
  return (
    <>
      {error && <WarningPanel title="Could not refresh this cluster; showing what was last loaded" message={error.message} />}
      <ClusterDetailsView cluster={cluster} reload={reload} />
    </>
  );
}

/**
 * The entity page card of a cluster Resource: phase and status, template and
 * version, owner, Azure ids, node pools, its policies and applications with
 * where each stands, and events, live while it is being built.
 */
export function ClusterCard() {
  const { entity } = useEntity();
  return (
    <InfoCard title="Complete cluster">
      <ClusterCardBody name={entity.metadata.name} />
    </InfoCard>
  );
}

import { ReactNode, useId } from 'react';
import { makeStyles, Typography } from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { completeClustersApiRef } from '../../api';
import {
  ClusterActionsBar,
  DriftPanel,
  UpdatePanel,
  useAction,
} from '../ClusterActions';
import type { ClusterDetails } from '@complete-clusters/plugin-complete-clusters-common';
import { AccessTable } from './AccessTable';
import { ClusterCost } from './ClusterCost';
import { ClusterEvents } from './ClusterEvents';
import { ClusterFacts } from './ClusterFacts';
import { ComponentTable } from './ComponentTable';
import { NodePoolTable } from './NodePoolTable';
import { useCluster } from './useCluster';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
}));

/** A titled part of the card, named by its heading for assistive technology and tests. */
function CardSection({
  title,
  children,
}: {
  title: string;
  children: ReactNode;
}) {
  const classes = useStyles();
  const id = useId();
  return (
    <section aria-labelledby={id}>
      <Typography
        id={id}
        variant="subtitle2"
        component="h3"
        className={classes.section}
      >
        {title}
      </Typography>
      {children}
    </section>
  );
}

function ClusterDetailsView({
  cluster,
  reload,
}: {
  cluster: ClusterDetails;
  reload: () => void;
}) {
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
          onUpdate={() =>
            update.run(() =>
              api.updateCluster(cluster.name, {
                toVersion: cluster.update!.toVersion,
              }),
            )
          }
        />
      )}
      {cluster.drift && cluster.drift.items.length > 0 && (
        <DriftPanel drift={cluster.drift} />
      )}
      <CardSection title="Node pools">
        <NodePoolTable nodePools={cluster.nodePools} />
      </CardSection>
      <CardSection title="Cost">
        <ClusterCost name={cluster.name} phase={cluster.phase} />
      </CardSection>
      <CardSection title="Policies">
        <ComponentTable
          label="Policies"
          components={cluster.components.filter(c => c.layer === 'policies')}
        />
      </CardSection>
      {cluster.components.some(c => c.grant) && (
        <CardSection title="Access">
          <AccessTable components={cluster.components} />
        </CardSection>
      )}
      <CardSection title="Applications">
        <ComponentTable
          label="Applications"
          components={cluster.components.filter(
            c => c.layer === 'applications',
          )}
        />
      </CardSection>
      <CardSection title="Events">
        <ClusterEvents events={cluster.events} />
      </CardSection>
    </>
  );
}

function ClusterCardBody({ name }: { name: string }) {
  const { value: cluster, loading, error, reload } = useCluster(name);
  if (loading) return <Progress />;
  if (error && !cluster)
    return (
      <ResponseErrorPanel
        error={error}
        title={`Could not load cluster ${name}`}
      />
    );
  if (!cluster) {
    return (
      <Typography variant="body2">
        Complete Clusters has no cluster named {name}. It may have been deleted,
        or this entity was not made by Complete Clusters.
      </Typography>
    );
  }
  return (
    <>
      {error && (
        <WarningPanel
          title="Could not refresh this cluster; showing what was last loaded"
          message={error.message}
        />
      )}
      <ClusterDetailsView cluster={cluster} reload={reload} />
    </>
  );
}

/**
 * The entity page card of a cluster Resource: phase and status, template and
 * version, owner, Azure ids, node pools, its monthly cost now and at worst
 * case, its policies and applications with
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

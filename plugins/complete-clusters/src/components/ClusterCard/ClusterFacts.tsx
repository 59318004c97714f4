import { ReactNode } from 'react';
import { makeStyles, Typography } from '@material-ui/core';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { ClusterPhase } from '../ClusterPhase';
import { BreakableText } from '../TableColumns';
import { Timestamp } from '../Timestamp';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
  },
  term: {
    fontWeight: theme.typography.fontWeightMedium as number,
    color: theme.palette.text.secondary,
  },
  definition: { margin: 0, overflowWrap: 'anywhere' },
}));

const ACTIVITY = {
  create: 'Creating',
  update: 'Updating to a new template version',
  repair: 'Repairing drift',
  scale: 'Scaling',
  delete: 'Deleting',
} as const;

/**
 * What a cluster is and where it lives, as a list of terms and values.
 * Azure ids only: the backend never hands out a credential.
 */
function driftText(differences: number): string {
  return differences === 0
    ? 'In sync with the template'
    : `${differences} field(s) differ from the template`;
}

export function ClusterFacts({ cluster }: { cluster: Cluster }) {
  const classes = useStyles();
  const facts: Array<[string, ReactNode]> = [
    ['Phase', <ClusterPhase phase={cluster.phase} />],
    ['Status', cluster.statusMessage],
    [
      'Doing',
      cluster.activity !== 'create' && cluster.phase !== 'Ready'
        ? ACTIVITY[cluster.activity]
        : undefined,
    ],
    [
      cluster.decision?.decision === 'rejected' ? 'Rejected' : 'Approved',
      cluster.decision ? (
        <>
          by{' '}
          <EntityRefLink entityRef={cluster.decision.by} defaultKind="user" />:{' '}
          {cluster.decision.reason} (<Timestamp iso={cluster.decision.at} />)
        </>
      ) : undefined,
    ],
    [
      'Expires',
      cluster.expiresAt ? <Timestamp iso={cluster.expiresAt} /> : undefined,
    ],
    [
      'Drift',
      cluster.drift ? driftText(cluster.drift.items.length) : undefined,
    ],
    [
      'Template',
      <>
        <EntityRefLink entityRef={cluster.templateRef} hideIcon /> v
        {cluster.templateVersion}
      </>,
    ],
    ['Environment', cluster.environment],
    [
      'Owner',
      <EntityRefLink entityRef={cluster.ownerRef} defaultKind="group" />,
    ],
    [
      'Requested by',
      <EntityRefLink entityRef={cluster.requestedBy} defaultKind="user" />,
    ],
    ['Requested', <Timestamp iso={cluster.createdAt} />],
    ['Subscription', cluster.azure.subscriptionId],
    ['Resource group', cluster.azure.resourceGroup],
    ['Location', cluster.azure.location],
    // Ids and host names wrap at their slashes, dots and hyphens, never inside a word.
    [
      'ARM resource id',
      cluster.azure.resourceId ? (
        <BreakableText text={cluster.azure.resourceId} />
      ) : undefined,
    ],
    [
      'API server',
      cluster.azure.fqdn ? (
        <BreakableText text={cluster.azure.fqdn} />
      ) : undefined,
    ],
  ];
  return (
    <Typography component="dl" variant="body2" className={classes.list}>
      {facts
        .filter(([, value]) => value !== undefined && value !== '')
        .map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt className={classes.term}>{term}</dt>
            <dd className={classes.definition}>{value}</dd>
          </div>
        ))}
    </Typography>
  );
}

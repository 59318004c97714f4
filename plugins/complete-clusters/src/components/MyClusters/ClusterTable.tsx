import { Chip, Table, TableBody, TableCell, TableHead, TableRow } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { ClusterPhase } from '../ClusterPhase';
import { Timestamp } from '../Timestamp';

/**
 * One row per cluster: its name linked to its catalog entity
 * (`resource:default/<name>`), template and version, environment, phase,
 * status message and when it was requested.
 */
export function ClusterTable({ clusters }: { clusters: Cluster[] }) {
  const entityRoute = useRouteRef(entityRouteRef);
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Template</TableCell>
          <TableCell>Environment</TableCell>
          <TableCell>Phase</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Created</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {clusters.map(cluster => (
          <TableRow key={cluster.name} data-testid={`cluster-row-${cluster.name}`}>
            <TableCell component="th" scope="row">
              <Link to={entityRoute({ kind: 'resource', namespace: 'default', name: cluster.name })}>
                {cluster.name}
              </Link>
            </TableCell>
            <TableCell>
              <EntityRefLink entityRef={cluster.templateRef} hideIcon /> v{cluster.templateVersion}
              {cluster.updateAvailable && <Chip size="small" color="primary" label={`update to v${cluster.updateAvailable} available`} style={{ marginLeft: 4 }} />}
            </TableCell>
            <TableCell>{cluster.environment}</TableCell>
            <TableCell>
              <ClusterPhase phase={cluster.phase} />
            </TableCell>
            <TableCell>
              {cluster.statusMessage}
              {cluster.drift && cluster.drift.items.length > 0 && (
                <Chip size="small" label={`drift: ${cluster.drift.items.length} field(s)`} style={{ marginLeft: 4 }} />
              )}
            </TableCell>
            <TableCell>
              <Timestamp iso={cluster.createdAt} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

import { Chip } from '@material-ui/core';
import {
  Link,
  SubvalueCell,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { ClusterPhase } from '../ClusterPhase';
import {
  compactTableOptions,
  freeTextColumn,
  LongText,
  oneLineColumn,
} from '../TableColumns';
import { Timestamp } from '../Timestamp';
import { clusterEntityName } from '@complete-clusters/plugin-complete-clusters-common';

/**
 * One row per cluster: its name linked to its catalog entity
 * (`resource:default/<name>`) with when it was requested, its phase, its
 * template and version with the environment, and its status message. Four
 * columns, so the row fits a laptop's 1024 px: name, phase and template never
 * wrap; the status takes what width is left and is cut to two lines, whole
 * on hover.
 */
export function ClusterTable({ clusters }: { clusters: Cluster[] }) {
  const entityRoute = useRouteRef(entityRouteRef);
  const columns: TableColumn<Cluster>[] = [
    oneLineColumn({
      title: 'Name',
      field: 'name',
      render: cluster => (
        <SubvalueCell
          value={
            <Link to={entityRoute(clusterEntityName(cluster.name))}>
              {cluster.name}
            </Link>
          }
          subvalue={<Timestamp iso={cluster.createdAt} />}
        />
      ),
    }),
    oneLineColumn({
      title: 'Phase',
      field: 'phase',
      render: cluster => <ClusterPhase phase={cluster.phase} />,
    }),
    oneLineColumn({
      title: 'Template',
      field: 'templateRef',
      render: cluster => (
        <SubvalueCell
          value={
            <>
              <EntityRefLink entityRef={cluster.templateRef} hideIcon /> v
              {cluster.templateVersion}
              {cluster.updateAvailable && (
                <Chip
                  size="small"
                  color="primary"
                  label={`v${cluster.updateAvailable} available`}
                  style={{ marginLeft: 4 }}
                />
              )}
            </>
          }
          subvalue={cluster.environment}
        />
      ),
    }),
    freeTextColumn(
      {
        title: 'Status',
        field: 'statusMessage',
        render: cluster => (
          <>
            <LongText text={cluster.statusMessage} />
            {cluster.drift && cluster.drift.items.length > 0 && (
              <Chip
                size="small"
                label={`drift: ${cluster.drift.items.length} field(s)`}
              />
            )}
          </>
        ),
      },
      160,
    ),
  ];
  return (
    <Table<Cluster>
      options={{ ...compactTableOptions, sorting: true }}
      columns={columns}
      // The table writes its own bookkeeping into each row object: give it copies.
      data={clusters.map(cluster => ({ ...cluster }))}
    />
  );
}

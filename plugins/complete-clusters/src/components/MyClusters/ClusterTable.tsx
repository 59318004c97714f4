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
 * Rows on one page of My clusters. Every row's cells hold Material UI Boxes
 * (the name's and the template's subvalue cells, the template link), and each
 * Box's styles get a <style> element of their own, six per row: with
 * 1,000 rows at once Chromium spent 73 of the 90 s before the first paint
 * inserting them (bench/browser.ts, issue 15). A page of 20 paints 0.7 s
 * after the click; a user with up to 20 clusters sees no pagination.
 */
export const MY_CLUSTERS_PAGE_SIZE = 20;

/**
 * One row per cluster: its name linked to its catalog entity
 * (`resource:default/<name>`) with when it was requested, its phase, its
 * template and version with the environment, and its status message. Four
 * columns, so the row fits a laptop's 1024 px: name, phase and template never
 * wrap; the status takes what width is left and is cut to two lines, whole
 * on hover. More than {@link MY_CLUSTERS_PAGE_SIZE} clusters are shown a page
 * at a time, sorted as a whole.
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
  const paged = clusters.length > MY_CLUSTERS_PAGE_SIZE;
  return (
    <Table<Cluster>
      options={{
        ...compactTableOptions,
        sorting: true,
        paging: paged,
        pageSize: MY_CLUSTERS_PAGE_SIZE,
        pageSizeOptions: [MY_CLUSTERS_PAGE_SIZE, 50],
      }}
      columns={columns}
      // The table writes its own bookkeeping into each row object: give it copies.
      data={clusters.map(cluster => ({ ...cluster }))}
    />
  );
}

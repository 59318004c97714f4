import { Table, TableColumn } from '@backstage/core-components';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { compactTableOptions, framelessTable, freeTextColumn, oneLineColumn } from '../TableColumns';

type NodePool = Cluster['nodePools'][number];

/** The cluster's node pools as requested: name, mode, VM size and size. */
export function NodePoolTable({ nodePools }: { nodePools: Cluster['nodePools'] }) {
  const columns: TableColumn<NodePool>[] = [
    oneLineColumn({ title: 'Pool', field: 'name' }),
    oneLineColumn({ title: 'Mode', field: 'mode' }),
    oneLineColumn({ title: 'VM size', field: 'vmSize' }),
    freeTextColumn({ title: 'Size', field: 'size' }, 120),
  ];
  return (
    <Table<NodePool>
      options={compactTableOptions}
      components={framelessTable}
      columns={columns}
      data={nodePools.map(pool => ({ ...pool }))}
    />
  );
}

import { SubvalueCell, Table, TableColumn } from '@backstage/core-components';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import {
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  oneLineColumn,
} from '../TableColumns';

type NodePool = Cluster['nodePools'][number];

/** The cluster's node pools as requested: name and mode, VM size and size. */
export function NodePoolTable({
  nodePools,
}: {
  nodePools: Cluster['nodePools'];
}) {
  const columns: TableColumn<NodePool>[] = [
    oneLineColumn({
      title: 'Pool',
      field: 'name',
      render: pool => <SubvalueCell value={pool.name} subvalue={pool.mode} />,
    }),
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

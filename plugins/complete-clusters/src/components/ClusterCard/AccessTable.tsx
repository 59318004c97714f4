import { Typography } from '@material-ui/core';
import { SubvalueCell, Table, TableColumn } from '@backstage/core-components';
import type {
  ClusterComponent,
  ClusterGrant,
} from '@complete-clusters/plugin-complete-clusters-common';
import {
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  LongText,
  WholeWords,
} from '../TableColumns';

/** One person's or group's access: each role where, with why they have it. */
interface AccessRow {
  to: string;
  because: string;
  roles: string[];
}

/** The grants of a cluster's role assignments, one row per user or group, in the order planned. */
export function accessRows(components: ClusterComponent[]): AccessRow[] {
  const rows = new Map<string, AccessRow>();
  for (const c of components) {
    if (!c.grant) continue;
    const g: ClusterGrant = c.grant;
    const row = rows.get(g.to) ?? { to: g.to, because: g.because, roles: [] };
    row.roles.push(`${g.role} on ${g.where}`);
    rows.set(g.to, row);
  }
  return [...rows.values()];
}

/**
 * Who has which access to a cluster and why: each user or group its role
 * assignments grant to, the roles and where, and the reason (the requester,
 * the owner, a member of the owning group, or named by the template).
 */
export function AccessTable({
  components,
}: {
  components: ClusterComponent[];
}) {
  const rows = accessRows(components);
  if (rows.length === 0) {
    return (
      <Typography variant="body2">
        The template grants no one access to the cluster.
      </Typography>
    );
  }
  const columns: TableColumn<AccessRow>[] = [
    freeTextColumn(
      {
        title: 'Who',
        field: 'to',
        render: r => (
          <SubvalueCell
            value={<WholeWords text={r.to} />}
            subvalue={r.because}
          />
        ),
      },
      160,
    ),
    freeTextColumn(
      {
        title: 'Access',
        field: 'roles',
        render: r => <LongText text={r.roles.join('; ')} lines={3} />,
      },
      160,
    ),
  ];
  return (
    <Table<AccessRow>
      options={compactTableOptions}
      components={framelessTable}
      columns={columns}
      data={rows.map(r => ({ ...r }))}
    />
  );
}

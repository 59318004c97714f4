import { makeStyles, Typography } from '@material-ui/core';
import { Table, TableColumn } from '@backstage/core-components';
import type { ClusterDrift } from '@complete-clusters/plugin-complete-clusters-common';
import {
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  oneLineColumn,
} from '../TableColumns';
import { Timestamp } from '../Timestamp';

type DriftItem = ClusterDrift['items'][number];

const columns: TableColumn<DriftItem>[] = [
  oneLineColumn({ title: 'Field', field: 'field' }),
  freeTextColumn({ title: 'Template', field: 'expected' }, 120),
  freeTextColumn({ title: 'Azure', field: 'actual' }, 120),
];

const useStyles = makeStyles(theme => ({
  panel: {
    border: `1px solid ${theme.palette.warning.main}`,
    borderRadius: 4,
    padding: theme.spacing(1.5),
    marginTop: theme.spacing(2),
  },
}));

/** Where Azure differs from the template, from the last check, and what the template does about it. */
export function DriftPanel({ drift }: { drift: ClusterDrift }) {
  const classes = useStyles();
  if (drift.items.length === 0) {
    return (
      <Typography variant="body2">
        In sync with its template (checked <Timestamp iso={drift.checkedAt} />
        ).
      </Typography>
    );
  }
  return (
    <section className={classes.panel} aria-label="Drift">
      <Typography variant="subtitle2" component="h3">
        Drift: Azure differs from the template in {drift.items.length} place
        {drift.items.length === 1 ? '' : 's'}
      </Typography>
      <Typography variant="body2">
        {drift.mode === 'repair'
          ? 'The template repairs drift: the engine puts it back as the template says.'
          : 'The template only reports drift; the engine leaves Azure as it is.'}{' '}
        Checked <Timestamp iso={drift.checkedAt} />.
      </Typography>
      <section aria-label="Drifted fields">
        <Table<DriftItem>
          options={compactTableOptions}
          components={framelessTable}
          columns={columns}
          data={drift.items.map(item => ({ ...item }))}
        />
      </section>
    </section>
  );
}

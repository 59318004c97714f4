import { Button, makeStyles, Typography } from '@material-ui/core';
import { Table, TableColumn } from '@backstage/core-components';
import type { ClusterUpdate } from '@complete-clusters/plugin-complete-clusters-common';
import {
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  oneLineColumn,
} from '../TableColumns';
import { ActionError } from './ActionError';

const useStyles = makeStyles(theme => ({
  panel: {
    border: `1px solid ${theme.palette.info.main}`,
    borderRadius: 4,
    padding: theme.spacing(1.5),
    marginTop: theme.spacing(2),
  },
  header: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

const LAYERS = {
  infrastructure: 'Infrastructure',
  policies: 'Policies',
  applications: 'Applications',
} as const;

type UpdateChange = ClusterUpdate['changes'][number];

const columns: TableColumn<UpdateChange>[] = [
  oneLineColumn({
    title: 'Layer',
    field: 'layer',
    render: change => LAYERS[change.layer],
  }),
  oneLineColumn({ title: 'What', field: 'field' }),
  freeTextColumn(
    { title: 'Now', field: 'from', render: change => change.from ?? '(added)' },
    120,
  ),
  freeTextColumn(
    {
      title: 'After the update',
      field: 'to',
      render: change => change.to ?? '(removed)',
    },
    120,
  ),
];

/** Props of {@link UpdatePanel}. */
export interface UpdatePanelProps {
  update: ClusterUpdate;
  canUpdate: boolean;
  busy: boolean;
  error?: string;
  onUpdate: () => void;
}

/**
 * "Update available": the template's newer version and what applying it
 * would change on this cluster, layer by layer, with the button for its owners.
 */
export function UpdatePanel({
  update,
  canUpdate,
  busy,
  error,
  onUpdate,
}: UpdatePanelProps) {
  const classes = useStyles();
  return (
    <section className={classes.panel} aria-label="Update available">
      <div className={classes.header}>
        <Typography variant="subtitle2" component="h3">
          Update available: version {update.fromVersion} → {update.toVersion}
        </Typography>
        {canUpdate && (
          <Button
            size="small"
            variant="contained"
            color="primary"
            disabled={busy}
            onClick={onUpdate}
          >
            Update to {update.toVersion}
          </Button>
        )}
      </div>
      {update.blockedBy && <ActionError message={update.blockedBy} />}
      {update.changes.length === 0 ? (
        <Typography variant="body2">
          The new version changes nothing on this cluster.
        </Typography>
      ) : (
        <section aria-label="What the update changes">
          <Table<UpdateChange>
            options={compactTableOptions}
            components={framelessTable}
            columns={columns}
            data={update.changes.map(change => ({ ...change }))}
          />
        </section>
      )}
      {error && <ActionError message={error} />}
    </section>
  );
}

import { Button, makeStyles, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import type { ClusterUpdate } from '@complete-clusters/plugin-complete-clusters-common';
import { ActionError } from './ActionError';

const useStyles = makeStyles(theme => ({
  panel: { border: `1px solid ${theme.palette.info.main}`, borderRadius: 4, padding: theme.spacing(1.5), marginTop: theme.spacing(2) },
  header: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: theme.spacing(1) },
}));

const LAYERS = { infrastructure: 'Infrastructure', policies: 'Policies', applications: 'Applications' } as const;

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
export function UpdatePanel({ update, canUpdate, busy, error, onUpdate }: UpdatePanelProps) {
  const classes = useStyles();
  return (
    <section className={classes.panel} aria-label="Update available">
      <div className={classes.header}>
        <Typography variant="subtitle2" component="h3">
          Update available: version {update.fromVersion} → {update.toVersion}
        </Typography>
        {canUpdate && (
          <Button size="small" variant="contained" color="primary" disabled={busy} onClick={onUpdate}>
            Update to {update.toVersion}
          </Button>
        )}
      </div>
      {update.blockedBy && <ActionError message={update.blockedBy} />}
      {update.changes.length === 0 ? (
        <Typography variant="body2">The new version changes nothing on this cluster.</Typography>
      ) : (
        <Table size="small" aria-label="What the update changes">
          <TableHead>
            <TableRow>
              <TableCell>Layer</TableCell>
              <TableCell>What</TableCell>
              <TableCell>Now</TableCell>
              <TableCell>After the update</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {update.changes.map(change => (
              <TableRow key={`${change.layer}-${change.field}`}>
                <TableCell>{LAYERS[change.layer]}</TableCell>
                <TableCell>{change.field}</TableCell>
                <TableCell>{change.from ?? '(added)'}</TableCell>
                <TableCell>{change.to ?? '(removed)'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {error && <ActionError message={error} />}
    </section>
  );
}

import { makeStyles, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import type { ClusterDrift } from '@complete-clusters/plugin-complete-clusters-common';
import { Timestamp } from '../Timestamp';

const useStyles = makeStyles(theme => ({
  panel: { border: `1px solid ${theme.palette.warning.main}`, borderRadius: 4, padding: theme.spacing(1.5), marginTop: theme.spacing(2) },
}));

/** Where Azure differs from the template, from the last check, and what the template does about it. */
export function DriftPanel({ drift }: { drift: ClusterDrift }) {
  const classes = useStyles();
  if (drift.items.length === 0) {
    return (
      <Typography variant="body2">
        In sync with its template (checked <Timestamp iso={drift.checkedAt} />).
      </Typography>
    );
  }
  return (
    <section className={classes.panel} aria-label="Drift">
      <Typography variant="subtitle2" component="h3">
        Drift: Azure differs from the template in {drift.items.length} place{drift.items.length === 1 ? '' : 's'}
      </Typography>
      <Typography variant="body2">
        {drift.mode === 'repair'
          ? 'The template repairs drift: the engine puts it back as the template says.'
          : 'The template only reports drift; the engine leaves Azure as it is.'}{' '}
        Checked <Timestamp iso={drift.checkedAt} />.
      </Typography>
      <Table size="small" aria-label="Drifted fields">
        <TableHead>
          <TableRow>
            <TableCell>Field</TableCell>
            <TableCell>Template</TableCell>
            <TableCell>Azure</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {drift.items.map(item => (
            <TableRow key={`${item.layer}-${item.field}`}>
              <TableCell>{item.field}</TableCell>
              <TableCell>{item.expected}</TableCell>
              <TableCell>{item.actual}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </section>
  );
}

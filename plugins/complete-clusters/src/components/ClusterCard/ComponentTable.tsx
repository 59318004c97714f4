import { makeStyles, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import { StatusError, StatusOK, StatusPending, StatusRunning } from '@backstage/core-components';
import type { ClusterComponent, ComponentState } from '@complete-clusters/plugin-complete-clusters-common';

const useStyles = makeStyles(theme => ({
  detail: { color: theme.palette.text.secondary, overflowWrap: 'anywhere' },
  failed: { color: theme.palette.error.main, overflowWrap: 'anywhere' },
}));

function StateIcon({ state }: { state: ComponentState }) {
  switch (state) {
    case 'Installed':
      return <StatusOK />;
    case 'Failed':
      return <StatusError />;
    case 'Installing':
      return <StatusRunning />;
    default:
      return <StatusPending />;
  }
}

/**
 * A cluster's applications or policies: what each is, its version, where it
 * stands and, when it is not in place, why.
 */
export function ComponentTable({ components, label }: { components: ClusterComponent[]; label: 'Applications' | 'Policies' }) {
  const classes = useStyles();
  if (components.length === 0) {
    return <Typography variant="body2">{label === 'Applications' ? 'The template installs no applications.' : 'The template sets no policies.'}</Typography>;
  }
  const withVersion = components.some(c => c.version);
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>{label === 'Applications' ? 'Application' : 'Policy'}</TableCell>
          {withVersion && <TableCell>Version</TableCell>}
          <TableCell>State</TableCell>
          <TableCell>What it is</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {components.map(c => (
          <TableRow key={c.key}>
            <TableCell component="th" scope="row">
              {c.name}
            </TableCell>
            {withVersion && <TableCell>{c.version}</TableCell>}
            <TableCell>
              <span style={{ display: 'inline-flex', alignItems: 'baseline' }}>
                <StateIcon state={c.state} />
                <span>{c.state}</span>
              </span>
            </TableCell>
            <TableCell>
              <div>{c.description}</div>
              {c.state !== 'Installed' && c.message && (
                <div className={c.state === 'Failed' ? classes.failed : classes.detail}>{c.message}</div>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

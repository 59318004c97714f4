import { makeStyles, Typography } from '@material-ui/core';
import { StatusError, StatusOK, StatusPending, StatusRunning, Table, TableColumn } from '@backstage/core-components';
import type { ClusterComponent, ComponentState } from '@complete-clusters/plugin-complete-clusters-common';
import { compactTableOptions, framelessTable, freeTextColumn, LongText, oneLineColumn, WholeWords } from '../TableColumns';

const useStyles = makeStyles(theme => ({
  detail: { color: theme.palette.text.secondary },
  failed: { color: theme.palette.error.main },
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
 * stands and, when it is not in place, why. Name, version and state stay on
 * one line (a policy's title wraps between its words only); the description
 * and the reason wrap, cut to a few lines and whole on hover.
 */
export function ComponentTable({ components, label }: { components: ClusterComponent[]; label: 'Applications' | 'Policies' }) {
  const classes = useStyles();
  if (components.length === 0) {
    return <Typography variant="body2">{label === 'Applications' ? 'The template installs no applications.' : 'The template sets no policies.'}</Typography>;
  }
  const withVersion = components.some(c => c.version);
  const columns: TableColumn<ClusterComponent>[] = [
    // A policy's title may wrap between its words; an application's name is one word.
    { title: label === 'Applications' ? 'Application' : 'Policy', field: 'name', render: c => <WholeWords text={c.name} /> },
    ...(withVersion ? [oneLineColumn<ClusterComponent>({ title: 'Version', field: 'version' })] : []),
    oneLineColumn({
      title: 'State',
      field: 'state',
      render: c => (
        <span style={{ display: 'inline-flex', alignItems: 'baseline' }}>
          <StateIcon state={c.state} />
          <span>{c.state}</span>
        </span>
      ),
    }),
    freeTextColumn({
      title: 'What it is',
      field: 'description',
      render: c => (
        <>
          <LongText text={c.description} lines={3} />
          {c.state !== 'Installed' && c.message && (
            <div className={c.state === 'Failed' ? classes.failed : classes.detail}>
              <LongText text={c.message} lines={3} />
            </div>
          )}
        </>
      ),
    }, 160),
  ];
  return (
    <Table<ClusterComponent>
      options={compactTableOptions}
      components={framelessTable}
      columns={columns}
      data={components.map(c => ({ ...c }))}
    />
  );
}

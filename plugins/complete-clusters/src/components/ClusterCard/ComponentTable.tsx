import { makeStyles, Typography } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  SubvalueCell,
  Table,
  TableColumn,
} from '@backstage/core-components';
import type {
  ClusterComponent,
  ComponentState,
} from '@complete-clusters/plugin-complete-clusters-common';
import {
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  LongText,
  oneLineColumn,
  WholeWords,
} from '../TableColumns';

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
 * A cluster's applications or policies: each one's name with what it is and,
 * when it is not in place, why beneath; its version and where it stands.
 * Version and state stay on one line, a policy's title wraps between its
 * words only, the description and the reason wrap, cut to a few lines and
 * whole on hover.
 */
export function ComponentTable({
  components,
  label,
}: {
  components: ClusterComponent[];
  label: 'Applications' | 'Policies';
}) {
  const classes = useStyles();
  if (components.length === 0) {
    return (
      <Typography variant="body2">
        {label === 'Applications'
          ? 'The template installs no applications.'
          : 'The template sets no policies.'}
      </Typography>
    );
  }
  const withVersion = components.some(c => c.version);
  const columns: TableColumn<ClusterComponent>[] = [
    // The name on its own line (a policy's title wraps between its words only),
    // what it is beneath: the card is about 490 px wide beside About at 1024 px.
    freeTextColumn(
      {
        title: label === 'Applications' ? 'Application' : 'Policy',
        field: 'name',
        render: c => (
          <SubvalueCell
            value={<WholeWords text={c.name} />}
            subvalue={
              <>
                <LongText text={c.description} lines={3} />
                {c.state !== 'Installed' && c.message && (
                  <div
                    className={
                      c.state === 'Failed' ? classes.failed : classes.detail
                    }
                  >
                    <LongText text={c.message} lines={3} />
                  </div>
                )}
              </>
            }
          />
        ),
      },
      160,
    ),
    ...(withVersion
      ? [
          oneLineColumn<ClusterComponent>({
            title: 'Version',
            field: 'version',
          }),
        ]
      : []),
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

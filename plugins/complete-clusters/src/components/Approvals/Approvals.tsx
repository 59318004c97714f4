import { useState } from 'react';
import { Button, makeStyles, Paper } from '@material-ui/core';
import {
  ContentHeader,
  Link,
  SubvalueCell,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { DecisionDialog, useAction } from '../ClusterActions';
import {
  actionsColumn,
  ButtonRow,
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  oneLineColumn,
} from '../TableColumns';
import { Timestamp } from '../Timestamp';
import { PreflightSummary } from '../Preflight';
import { useApprovals } from './useApprovals';
import { clusterEntityName } from '@complete-clusters/plugin-complete-clusters-common';
import type { CostEstimate } from '@complete-clusters/plugin-complete-clusters-common';
import { formatMonthly } from '../TemplateCard/TemplateCost';

const useStyles = makeStyles(theme => ({
  section: { marginBottom: theme.spacing(4) },
  name: { whiteSpace: 'nowrap' },
}));

/** What the request costs a month at its worst case (every pool at its maximum): what the approver signs off. */
function WorstCase({ cost }: { cost: CostEstimate }) {
  return (
    <div>
      {cost.worstCaseMonthly === null
        ? 'Worst case: no price'
        : `Worst case: ${formatMonthly(
            cost.worstCaseMonthly,
            cost.currency,
          )} a month`}
    </div>
  );
}
/**
 * Requests that wait for the signed-in user's decision: templates whose
 * approver group they belong to, never their own requests. Shown only when
 * there is something to decide; kept current while the page is visible, so
 * a new request shows up without a reload.
 */
export function Approvals() {
  const classes = useStyles();
  const api = useApi(completeClustersApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const { value, error, reload } = useApprovals();
  const [deciding, setDeciding] = useState<{
    cluster: Cluster;
    decision: 'approve' | 'reject';
  }>();
  const action = useAction(() => {
    setDeciding(undefined);
    reload();
  });
  const decide = (cluster: Cluster, decision: 'approve' | 'reject') => {
    action.clearError();
    setDeciding({ cluster, decision });
  };
  // Four columns, so Approve and Reject show without scrolling on a laptop's 1024 px: the
  // cluster's date, checks and cost wrap between words, the buttons stack when the row is narrow.
  const columns: TableColumn<Cluster>[] = [
    freeTextColumn(
      {
        title: 'Cluster',
        render: cluster => (
          <SubvalueCell
            value={
              <Link
                className={classes.name}
                to={entityRoute(clusterEntityName(cluster.name))}
              >
                {cluster.name}
              </Link>
            }
            subvalue={
              <>
                <Timestamp iso={cluster.createdAt} />
                {cluster.preflight && (
                  <div>
                    <PreflightSummary
                      result={cluster.preflight}
                      name={cluster.name}
                    />
                  </div>
                )}
                {cluster.preflight?.cost && (
                  <WorstCase cost={cluster.preflight.cost} />
                )}
              </>
            }
          />
        ),
      },
      140,
    ),
    oneLineColumn({
      title: 'Template',
      render: cluster => (
        <SubvalueCell
          value={
            <>
              <EntityRefLink entityRef={cluster.templateRef} hideIcon /> v
              {cluster.templateVersion}
            </>
          }
          subvalue={cluster.environment}
        />
      ),
    }),
    oneLineColumn({
      title: 'Requested by',
      render: cluster => (
        <EntityRefLink entityRef={cluster.requestedBy} defaultKind="user" />
      ),
    }),
    actionsColumn({
      title: 'Decision',
      render: cluster => (
        <ButtonRow>
          <Button
            size="small"
            variant="contained"
            color="primary"
            aria-label={`Approve ${cluster.name}`}
            onClick={() => decide(cluster, 'approve')}
          >
            Approve
          </Button>
          <Button
            size="small"
            variant="outlined"
            aria-label={`Reject ${cluster.name}`}
            onClick={() => decide(cluster, 'reject')}
          >
            Reject
          </Button>
        </ButtonRow>
      ),
    }),
  ];
  if (!value?.length)
    return error ? (
      <WarningPanel
        title="Could not load the requests waiting for your approval"
        message={error.message}
      />
    ) : null;
  return (
    <section aria-label="Awaiting your approval" className={classes.section}>
      <ContentHeader title="Awaiting your approval" />
      <Paper>
        <Table<Cluster>
          options={compactTableOptions}
          components={framelessTable}
          columns={columns}
          data={value.map(cluster => ({ ...cluster }))}
        />
      </Paper>
      {deciding && (
        <DecisionDialog
          open
          name={deciding.cluster.name}
          decision={deciding.decision}
          busy={action.busy}
          error={action.error}
          onClose={() => setDeciding(undefined)}
          onDecide={reason =>
            action.run(() =>
              api.decide(deciding.cluster.name, {
                decision: deciding.decision,
                reason,
              }),
            )
          }
        />
      )}
    </section>
  );
}

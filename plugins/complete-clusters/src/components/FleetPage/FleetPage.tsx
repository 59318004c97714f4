import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Chip, Tooltip, Typography } from '@material-ui/core';
import {
  Content,
  Header,
  Link,
  Page,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  isFleetSortKey,
  clusterEntityName,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  Fleet,
  FleetCluster,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { errorText } from '../ClusterActions';
import { ClusterPhase } from '../ClusterPhase';
import { actionsColumn, oneLineColumn } from '../TableColumns';
import { FleetCounts } from './FleetCounts';
import {
  FleetFilters,
  filtersFromSearch,
  searchFromFilters,
} from './fleetFilters';
import { FleetRollouts } from './FleetRollouts';
import { FleetRowActions } from './FleetRowActions';
import { FleetToolbar } from './FleetToolbar';
import { formatMonthly } from '../TemplateCard/TemplateCost';

/** How often the open fleet view asks again while the page is visible. */
const REFRESH_MS = 10_000;

/** What the table asks for: a page, a sort and a search (material-table's remote query). */
interface TableQuery {
  page: number;
  pageSize: number;
  search: string;
  orderBy?: { field?: unknown };
  orderDirection: '' | 'asc' | 'desc';
}

/** At most what a cluster costs a month (every pool at its maximum), the range on hover; beside its environment. */
function FleetCost({ cost }: { cost: FleetCluster['monthlyCost'] }) {
  if (!cost) return null;
  if (cost.worstCase === null || cost.minimum === null)
    return <> · cost: no price</>;
  const min = formatMonthly(cost.minimum, cost.currency);
  const max = formatMonthly(cost.worstCase, cost.currency);
  return (
    <Tooltip
      title={`≈ ${min} a month at its minimum size, ${max} at its worst case`}
    >
      <span> · {min === max ? min : `≤ ${max}`} a month</span>
    </Tooltip>
  );
}

/**
 * The platform team's fleet: every cluster of the templates their groups
 * own, paged, sorted and filtered by the backend, with counts per phase and
 * version, CSV export, roll-outs and the approvals and retries they may do.
 * Filters live in the address (`?templateOwner=group:default/platform-team`),
 * so the template cards and a team's page link to a filtered fleet.
 */
export function FleetPage() {
  const api = useApi(completeClustersApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const [search, setSearch] = useSearchParams();
  const filters = filtersFromSearch(search);
  const filterKey = search.toString();
  const [fleet, setFleet] = useState<Fleet>();
  const [error, setError] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const tableRef = useRef<{ onQueryChange?: () => void }>();
  // The table calls `load` with its own query; the filters it adds are always the page's current ones.
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const refresh = useCallback(() => tableRef.current?.onQueryChange?.(), []);

  // New filters: ask again from the first page.
  useEffect(refresh, [filterKey, refresh]);
  // Others approve, build and break clusters: stay current while the page is visible.
  useEffect(() => {
    const timer = setInterval(
      () => document.visibilityState === 'visible' && refresh(),
      REFRESH_MS,
    );
    return () => clearInterval(timer);
  }, [refresh]);

  const load = async (query: TableQuery) => {
    const field = query.orderBy?.field;
    try {
      const result = await api.getFleet({
        ...filtersRef.current,
        search: query.search || undefined,
        sort: isFleetSortKey(field) ? field : 'name',
        order: query.orderDirection || 'asc',
        limit: query.pageSize,
        offset: query.page * query.pageSize,
      });
      setFleet(result);
      setError(undefined);
      return {
        data: result.items.map(item => ({ ...item })),
        page: query.page,
        totalCount: result.totalCount,
      };
    } catch (e) {
      setError(errorText(e));
      return { data: [], page: 0, totalCount: 0 };
    }
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const csv = await api.getFleetCsv(filters);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      link.download = 'fleet.csv';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setExporting(false);
    }
  };

  // Few columns, each on one line, so the table reads at 1024 px: the status is on the phase's hover,
  // drift under the phase, the environment under the template (the CSV export has every field).
  const columns: TableColumn<FleetCluster>[] = [
    oneLineColumn({
      title: 'Name',
      field: 'name',
      render: c => (
        <Link to={entityRoute(clusterEntityName(c.name))}>{c.name}</Link>
      ),
    }),
    oneLineColumn({
      title: 'Phase',
      field: 'phase',
      render: c => (
        <>
          <Tooltip title={c.statusMessage ?? ''}>
            <span>
              <ClusterPhase phase={c.phase} />
            </span>
          </Tooltip>
          {c.driftCount > 0 && (
            <Typography variant="caption" component="div" color="error">
              drift: {c.driftCount} field{c.driftCount === 1 ? '' : 's'}
            </Typography>
          )}
        </>
      ),
    }),
    oneLineColumn({
      title: 'Template',
      field: 'templateVersion',
      render: c => (
        <>
          <EntityRefLink entityRef={c.templateRef} hideIcon /> v
          {c.templateVersion}
          <Typography variant="caption" component="div" color="textSecondary">
            {c.environment}
            <FleetCost cost={c.monthlyCost} />
          </Typography>
          {c.updateAvailable && (
            <Chip
              size="small"
              color="primary"
              label={`v${c.updateAvailable} available`}
            />
          )}
        </>
      ),
    }),
    oneLineColumn({
      title: 'Owner',
      field: 'ownerRef',
      render: c => <EntityRefLink entityRef={c.ownerRef} hideIcon />,
    }),
    actionsColumn({
      title: 'Actions',
      render: c => <FleetRowActions cluster={c} onDone={refresh} />,
    }),
  ];

  return (
    <Page themeId="tool">
      <Header
        title="Fleet"
        subtitle={
          filters.templateOwner
            ? `Clusters of the templates of ${filters.templateOwner}`
            : "Clusters of your teams' templates"
        }
      />
      <Content>
        {error && (
          <WarningPanel
            severity="error"
            title="The fleet could not be loaded"
            message={error}
          />
        )}
        {fleet && fleet.templates.length === 0 && (
          <WarningPanel
            severity="info"
            title="No templates of yours"
            message="The fleet view lists the clusters of the ClusterTemplates your groups own."
          />
        )}
        {fleet && <FleetCounts fleet={fleet} />}
        {fleet && <FleetRollouts fleet={fleet} onDone={refresh} />}
        <FleetToolbar
          filters={filters}
          templates={fleet?.templates ?? []}
          onChange={(next: FleetFilters) =>
            setSearch(searchFromFilters(next), { replace: true })
          }
          onExport={exportCsv}
          exporting={exporting}
        />
        <Table<FleetCluster>
          tableRef={tableRef}
          title={
            fleet
              ? `${fleet.totalCount} cluster${
                  fleet.totalCount === 1 ? '' : 's'
                }`
              : 'Clusters'
          }
          options={{
            paging: true,
            pageSize: 20,
            pageSizeOptions: [20, 50, 100],
            search: true,
            sorting: true,
            padding: 'dense',
            debounceInterval: 300,
          }}
          columns={columns}
          data={load}
        />
      </Content>
    </Page>
  );
}

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  Fleet,
  FleetCluster,
  FleetQuery,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { FleetPage } from './FleetPage';

const cluster = (
  name: string,
  overrides: Partial<FleetCluster> = {},
): FleetCluster => ({
  id: `id-${name}`,
  name,
  templateRef: 'clustertemplate:default/developer',
  templateVersion: '1.0.0',
  environment: 'development',
  ownerRef: 'user:default/alice',
  phase: 'Ready',
  driftCount: 0,
  updatedAt: '2026-12-01T10:00:00.000Z',
  actions: { approve: false, retry: false },
  ...overrides,
});

/** The backend's fleet answer, recording every query the page sends. */
function fleetApi(items: FleetCluster[]) {
  const queries: FleetQuery[] = [];
  const fleet: Fleet = {
    templates: [
      {
        templateRef: 'clustertemplate:default/developer',
        title: 'Developer cluster',
        currentVersion: '1.1.0',
        owner: 'group:default/platform-team',
        mayRollOut: true,
      },
    ],
    totalCount: 41,
    items,
    counts: {
      byPhase: { Ready: 40, AwaitingApproval: 1 },
      byVersion: [
        {
          templateRef: 'clustertemplate:default/developer',
          templateVersion: '1.0.0',
          count: 41,
        },
      ],
    },
  };
  return {
    queries,
    api: {
      getFleet: async (query: FleetQuery) => {
        queries.push(query);
        return fleet;
      },
    },
  };
}

async function renderFleet(api: object, path = '/') {
  return renderInTestApp(
    <TestApiProvider apis={[[completeClustersApiRef, api as any]]}>
      <FleetPage />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: [path],
    },
  );
}

describe('FleetPage', () => {
  it("asks the backend for one page of the team's fleet and shows its counts, rows and what the user may do", async () => {
    const { api, queries } = fleetApi([
      cluster('dev-a', {
        updateAvailable: '1.1.0',
        driftCount: 2,
        monthlyCost: { currency: 'USD', minimum: 397.12, worstCase: 7368.62 },
      }),
      cluster('prod-b', {
        phase: 'AwaitingApproval',
        environment: 'production',
        actions: { approve: true, retry: false },
        monthlyCost: { currency: 'USD', minimum: 1825, worstCase: 1825 },
      }),
    ]);
    await renderFleet(api, '/?templateOwner=group%3Adefault%2Fplatform-team');
    await screen.findByRole('link', { name: 'dev-a' });
    expect(queries[0]).toMatchObject({
      templateOwner: 'group:default/platform-team',
      sort: 'name',
      order: 'asc',
      limit: 20,
      offset: 0,
    });
    expect(screen.getByText('41 clusters')).toBeInTheDocument();
    expect(screen.getByText('AwaitingApproval 1')).toBeInTheDocument();
    expect(
      screen.getByRole('button', {
        name: /Roll out Developer cluster v1.1.0 \(41 behind\)/,
      }),
    ).toBeInTheDocument();

    const rowOf = (name: string) =>
      within(screen.getByRole('link', { name }).closest('tr')!);
    expect(rowOf('dev-a').getByText('drift: 2 fields')).toBeInTheDocument();
    // What each costs a month: at most its worst case, or its one figure when its size is fixed.
    expect(rowOf('dev-a').getByText(/≤ \$7,369 a month/)).toBeInTheDocument();
    expect(rowOf('prod-b').getByText(/\$1,825 a month/)).toBeInTheDocument();
    expect(rowOf('dev-a').getByText('v1.1.0 available')).toBeInTheDocument();
    expect(
      rowOf('dev-a').queryByRole('button', { name: 'Approve' }),
    ).toBeNull();
    expect(
      rowOf('prod-b').getByRole('button', { name: 'Approve' }),
    ).toBeInTheDocument();
  });

  it('asks again with a filter the user chooses', async () => {
    const { api, queries } = fleetApi([cluster('dev-a')]);
    await renderFleet(api);
    await screen.findByRole('link', { name: 'dev-a' });
    fireEvent.mouseDown(screen.getByLabelText('Phase'));
    fireEvent.click(await screen.findByRole('option', { name: 'Failed' }));
    await waitFor(() =>
      expect(queries[queries.length - 1]).toMatchObject({
        phase: 'Failed',
        offset: 0,
      }),
    );
  });
});

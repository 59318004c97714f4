import { act, screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { completeClustersApiRef, CompleteClustersApi } from '../../api';
import {
  developerCluster,
  InMemoryCompleteClustersApi,
} from '../../__testUtils__/clusters';
import {
  IDLE_REFRESH_INTERVAL_MS,
  REFRESH_INTERVAL_MS,
} from '../../hooks/usePolling';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { CLUSTER_CHANGED_SIGNAL_CHANNEL } from '@complete-clusters/plugin-complete-clusters-common';
import { SIGNAL_SETTLE_MS } from '../../hooks/useClusterChanges';
import { TestSignalApi } from '../../__testUtils__/signals';
import { MyClusters } from './MyClusters';

async function renderMyClusters(
  api: CompleteClustersApi,
  signals?: TestSignalApi,
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [completeClustersApiRef, api],
        ...(signals ? [[signalApiRef, signals] as const] : []),
      ]}
    >
      <MyClusters />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** The row of the My clusters table whose name link is `name`. */
function rowOf(name: string) {
  const region = screen.getByRole('region', { name: 'My clusters' });
  return within(region).getByRole('link', { name }).closest('tr')!;
}

describe('MyClusters', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lists the user’s clusters, each linked to its catalog entity, with its phase and status', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', {
        createdAt: '2025-06-01T10:00:00.000Z',
      }),
      developerCluster('dev-ai-2', 'Failed', {
        createdAt: '2025-06-02T10:00:00.000Z',
        statusMessage: 'Azure refused the GPU quota',
      }),
    ]);
    await renderMyClusters(api);

    const region = screen.getByRole('region', { name: 'My clusters' });
    expect(
      within(region).getByRole('heading', { name: 'My clusters' }),
    ).toBeInTheDocument();

    await within(region).findByRole('link', { name: 'dev-ai-1' });
    const ready = within(rowOf('dev-ai-1'));
    expect(ready.getByRole('link', { name: 'dev-ai-1' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/dev-ai-1',
    );
    expect(ready.getByText('Ready')).toBeInTheDocument();
    expect(ready.getByTestId('status-ok')).toBeInTheDocument();
    expect(ready.getByText('Cluster is ready')).toBeInTheDocument();
    expect(ready.getByText('development')).toBeInTheDocument();
    expect(ready.getByRole('link', { name: /developer/ })).toHaveAttribute(
      'href',
      '/catalog/default/clustertemplate/developer',
    );
    expect(ready.getByText(/v1\.0\.0/)).toBeInTheDocument();
    expect(ready.getByText((_, el) => el?.tagName === 'TIME')).toHaveAttribute(
      'datetime',
      '2025-06-01T10:00:00.000Z',
    );

    const failed = within(rowOf('dev-ai-2'));
    expect(failed.getByText('Failed')).toBeInTheDocument();
    expect(failed.getByTestId('status-error')).toBeInTheDocument();
    expect(failed.getByText('Azure refused the GPU quota')).toBeInTheDocument();

    // newest request first
    const names = within(region)
      .getAllByRole('link')
      .map(link => link.textContent)
      .filter(text => text?.startsWith('dev-ai'));
    expect(names).toEqual(['dev-ai-2', 'dev-ai-1']);
  });

  it('tells a user without clusters how to get one', async () => {
    await renderMyClusters(new InMemoryCompleteClustersApi([]));
    expect(
      await screen.findByText(
        'You have no clusters yet. Pick a template above to request one.',
      ),
    ).toBeInTheDocument();
  });

  it('shows why the clusters could not be loaded', async () => {
    const api = new InMemoryCompleteClustersApi();
    api.listClusters = jest
      .fn()
      .mockRejectedValue(new Error('complete-clusters backend is down'));
    await renderMyClusters(api);
    expect(
      await screen.findByText(/Could not load your clusters/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/complete-clusters backend is down/).length,
    ).toBeGreaterThan(0);
  });

  it('follows a cluster being built every few seconds, then keeps the list current less often once all are at rest', async () => {
    jest.useFakeTimers();
    const api = new InMemoryCompleteClustersApi(
      [developerCluster('dev-ai-1', 'ResourceGroup')],
      [developerCluster('dev-ai-1', 'ManagedCluster')],
      [developerCluster('dev-ai-1', 'Ready')],
    );
    await renderMyClusters(api);

    await screen.findByRole('link', { name: 'dev-ai-1' });
    expect(
      within(rowOf('dev-ai-1')).getByText('ResourceGroup'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('dev-ai-1')).getByTestId('status-running'),
    ).toBeInTheDocument();

    await act(() => jest.advanceTimersByTimeAsync(REFRESH_INTERVAL_MS));
    expect(
      within(rowOf('dev-ai-1')).getByText('ManagedCluster'),
    ).toBeInTheDocument();

    await act(() => jest.advanceTimersByTimeAsync(REFRESH_INTERVAL_MS));
    expect(within(rowOf('dev-ai-1')).getByText('Ready')).toBeInTheDocument();
    expect(api.listCalls).toBe(3);

    // At rest: no request at the building pace, then one at the idle pace.
    await act(() =>
      jest.advanceTimersByTimeAsync(IDLE_REFRESH_INTERVAL_MS - 1),
    );
    expect(api.listCalls).toBe(3);
    await act(() => jest.advanceTimersByTimeAsync(1));
    expect(api.listCalls).toBe(4);
  });

  it('shows a cluster someone else made for the user’s group without a reload', async () => {
    jest.useFakeTimers();
    const api = new InMemoryCompleteClustersApi(
      [developerCluster('dev-ai-1', 'Ready')],
      [
        developerCluster('dev-ai-1', 'Ready'),
        developerCluster('dev-team-2', 'Pending', {
          createdAt: '2025-06-02T10:00:00.000Z',
        }),
      ],
    );
    await renderMyClusters(api);
    await screen.findByRole('link', { name: 'dev-ai-1' });
    expect(
      screen.queryByRole('link', { name: 'dev-team-2' }),
    ).not.toBeInTheDocument();

    await act(() => jest.advanceTimersByTimeAsync(IDLE_REFRESH_INTERVAL_MS));
    expect(
      within(rowOf('dev-team-2')).getByText('Pending'),
    ).toBeInTheDocument();
  });

  it('keeps the last list and says so when a refresh fails', async () => {
    jest.useFakeTimers();
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Pending'),
    ]);
    await renderMyClusters(api);
    await screen.findByRole('link', { name: 'dev-ai-1' });
    expect(within(rowOf('dev-ai-1')).getByText('Pending')).toBeInTheDocument();

    api.listClusters = jest
      .fn()
      .mockRejectedValue(new Error('gateway timeout'));
    await act(() => jest.advanceTimersByTimeAsync(REFRESH_INTERVAL_MS));

    expect(
      screen.getByText(/Could not refresh your clusters/),
    ).toBeInTheDocument();
    expect(within(rowOf('dev-ai-1')).getByText('Pending')).toBeInTheDocument();
  });

  it('shows a change as soon as the backend signals it, and then polls only as a safety net', async () => {
    jest.useFakeTimers();
    const signals = new TestSignalApi();
    const api = new InMemoryCompleteClustersApi(
      [developerCluster('dev-ai-1', 'ResourceGroup')],
      [developerCluster('dev-ai-1', 'ManagedCluster')],
    );
    await renderMyClusters(api, signals);
    await screen.findByRole('link', { name: 'dev-ai-1' });
    expect(api.listCalls).toBe(1);

    // Being built, but signals reach the page: no request at the building pace.
    await act(() => jest.advanceTimersByTimeAsync(REFRESH_INTERVAL_MS));
    expect(api.listCalls).toBe(1);
    expect(
      within(rowOf('dev-ai-1')).getByText('ResourceGroup'),
    ).toBeInTheDocument();

    await act(async () =>
      signals.deliver(CLUSTER_CHANGED_SIGNAL_CHANNEL, {
        id: 'c1',
        name: 'dev-ai-1',
        phase: 'ManagedCluster',
        updatedAt: '2025-06-01T10:00:05.000Z',
      }),
    );
    await act(() => jest.advanceTimersByTimeAsync(SIGNAL_SETTLE_MS));
    expect(api.listCalls).toBe(2);
    expect(
      within(rowOf('dev-ai-1')).getByText('ManagedCluster'),
    ).toBeInTheDocument();

    // The safety net: one request at the idle pace after the last.
    await act(() =>
      jest.advanceTimersByTimeAsync(IDLE_REFRESH_INTERVAL_MS - 1),
    );
    expect(api.listCalls).toBe(2);
    await act(() => jest.advanceTimersByTimeAsync(1));
    expect(api.listCalls).toBe(3);
  });
});

import { act, screen, within } from '@testing-library/react';
import {
  developerCluster,
  InMemoryCompleteClustersApi,
} from '../../__testUtils__/clusters';
import { renderClusterCard } from '../../__testUtils__/renderClusterCard';
import {
  IDLE_REFRESH_INTERVAL_MS,
  REFRESH_INTERVAL_MS,
} from '../../hooks/usePolling';
import { CLUSTER_CHANGED_SIGNAL_CHANNEL } from '@complete-clusters/plugin-complete-clusters-common';
import { SIGNAL_SETTLE_MS } from '../../hooks/useClusterChanges';
import { TestSignalApi } from '../../__testUtils__/signals';

/** The value shown for `term` in the card's list of facts. */
function fact(term: string) {
  const dt = screen.getAllByRole('term').find(el => el.textContent === term);
  if (!dt) throw new Error(`no fact ${term}`);
  return dt.nextElementSibling as HTMLElement;
}

const ready = developerCluster('dev-ai-1', 'Ready', {
  azure: {
    subscriptionId: '00000000-0000-0000-0000-000000000001',
    resourceGroup: 'cc-dev-ai-1',
    resourceId:
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/cc-dev-ai-1/providers/Microsoft.ContainerService/managedClusters/dev-ai-1',
    location: 'southeastasia',
    fqdn: 'dev-ai-1-dns.hcp.southeastasia.azmk8s.io',
  },
  events: [
    {
      id: 1,
      phase: 'Pending',
      level: 'info',
      message: 'Cluster requested',
      createdAt: '2025-06-01T10:00:00.000Z',
    },
    {
      id: 2,
      phase: 'ManagedCluster',
      level: 'warning',
      message: 'Azure throttled; retrying',
      createdAt: '2025-06-01T10:02:00.000Z',
    },
    {
      id: 3,
      phase: 'Ready',
      level: 'info',
      message: 'Cluster is ready',
      createdAt: '2025-06-01T10:05:00.000Z',
    },
  ],
});

describe('ClusterCard', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows the cluster’s phase, template, ownership and where it lives in Azure', async () => {
    await renderClusterCard(new InMemoryCompleteClustersApi([ready]));

    expect(await screen.findByText('Complete cluster')).toBeInTheDocument();
    expect(await screen.findByText('Subscription')).toBeInTheDocument();
    expect(within(fact('Phase')).getByText('Ready')).toBeInTheDocument();
    expect(within(fact('Phase')).getByTestId('status-ok')).toBeInTheDocument();
    expect(fact('Status')).toHaveTextContent('Cluster is ready');
    expect(
      within(fact('Template')).getByRole('link', { name: /developer/ }),
    ).toHaveAttribute('href', '/catalog/default/clustertemplate/developer');
    expect(fact('Template')).toHaveTextContent('v1.0.0');
    expect(fact('Environment')).toHaveTextContent('development');
    expect(
      within(fact('Owner')).getByRole('link', { name: /alice/ }),
    ).toHaveAttribute('href', '/catalog/default/user/alice');
    expect(
      within(fact('Requested by')).getByRole('link', { name: /alice/ }),
    ).toBeInTheDocument();
    expect(fact('Subscription')).toHaveTextContent(
      '00000000-0000-0000-0000-000000000001',
    );
    expect(fact('Resource group')).toHaveTextContent('cc-dev-ai-1');
    expect(fact('Location')).toHaveTextContent('southeastasia');
    expect(fact('ARM resource id')).toHaveTextContent(
      '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/cc-dev-ai-1/providers/Microsoft.ContainerService/managedClusters/dev-ai-1',
    );
    expect(fact('API server')).toHaveTextContent(
      'dev-ai-1-dns.hcp.southeastasia.azmk8s.io',
    );
  });

  it('lists the node pools and the events, oldest first, with their level', async () => {
    await renderClusterCard(new InMemoryCompleteClustersApi([ready]));

    const pools = await screen.findByRole('region', { name: 'Node pools' });
    const gpu = within(
      within(pools).getByRole('row', { name: /^gpu\s*User\s/ }),
    );
    expect(gpu.getByText('User')).toBeInTheDocument();
    expect(gpu.getByText('Standard_NC24ads_A100_v4')).toBeInTheDocument();
    expect(gpu.getByText('0-2 nodes (autoscale)')).toBeInTheDocument();
    expect(
      within(pools).getByRole('row', {
        name: /^system\s*System\s*Standard_D4s_v5\s*2 nodes$/,
      }),
    ).toBeInTheDocument();

    const events = within(
      screen.getByRole('list', { name: 'Events' }),
    ).getAllByRole('listitem');
    expect(events.map(e => e.textContent)).toEqual([
      expect.stringContaining('Cluster requested'),
      expect.stringContaining('Azure throttled; retrying'),
      expect.stringContaining('Cluster is ready'),
    ]);
    expect(within(events[1]).getByTitle('warning')).toBeInTheDocument();
    expect(events[1]).toHaveTextContent('ManagedCluster');
    expect(
      within(events[1]).getByText((_, el) => el?.tagName === 'TIME'),
    ).toHaveAttribute('datetime', '2025-06-01T10:02:00.000Z');
  });

  it('lists the policies and the applications with their version, state and, when not in place, why', async () => {
    const clusterId = ready.azure.resourceId;
    const withComponents = developerCluster('dev-ai-1', 'Failed', {
      components: [
        {
          key: 'policy:no-privileged-containers',
          layer: 'policies',
          kind: 'policyAssignment',
          name: 'No privileged containers',
          description:
            'Azure Policy built-in "Kubernetes cluster should not allow privileged containers", effect Deny',
          state: 'Installed',
          message: 'Installed policy "No privileged containers"',
          azureId: `${clusterId}/providers/Microsoft.Authorization/policyAssignments/cc-no-privileged-containers`,
        },
        {
          key: 'application:ai-models',
          layer: 'applications',
          kind: 'fluxConfiguration',
          name: 'ai-models',
          version: '1.4.2',
          description:
            'Helm chart kuberay-operator from https://ray-project.github.io/kuberay-helm/, version 1.4.2, in namespace ai-models',
          state: 'Installed',
          azureId: `${clusterId}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/app-ai-models`,
        },
        {
          key: 'application:redis',
          layer: 'applications',
          kind: 'fluxConfiguration',
          name: 'redis',
          version: '21.2.5',
          description:
            'Helm chart redis from oci://registry-1.docker.io/bitnamicharts, version 21.2.5, in namespace redis',
          state: 'Failed',
          message:
            'Flux could not finish installing application redis 21.2.5: unable to clone',
          azureId: `${clusterId}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/app-redis`,
        },
      ],
    });
    await renderClusterCard(new InMemoryCompleteClustersApi([withComponents]));

    const policies = await screen.findByRole('region', { name: 'Policies' });
    expect(
      within(policies).getByRole('row', {
        name: /^No privileged containers\s*Azure Policy built-in .*Installed$/,
      }),
    ).toBeInTheDocument();
    const apps = screen.getByRole('region', { name: 'Applications' });
    expect(
      within(apps).getByRole('row', {
        name: /^ai-models\s*Helm chart kuberay-operator .*1\.4\.2\s*Installed$/,
      }),
    ).toBeInTheDocument();
    const redis = within(apps).getByRole('row', {
      name: /^redis\s*Helm chart redis .*21\.2\.5\s*Failed$/,
    });
    expect(within(redis).getByText(/unable to clone/)).toBeInTheDocument();
    expect(within(redis).getByTestId('status-error')).toBeInTheDocument();
    // An installed component shows what it is, not its last progress message.
    expect(
      within(policies).queryByText(
        'Installed policy "No privileged containers"',
      ),
    ).not.toBeInTheDocument();
  });

  it('says plainly when the backend has no such cluster', async () => {
    const api = new InMemoryCompleteClustersApi([]);
    await renderClusterCard(api);
    expect(
      await screen.findByText(
        /Complete Clusters has no cluster named dev-ai-1/,
      ),
    ).toBeInTheDocument();
  });

  it('shows why the cluster could not be loaded', async () => {
    const api = new InMemoryCompleteClustersApi();
    api.getCluster = jest
      .fn()
      .mockRejectedValue(new Error('permission denied'));
    await renderClusterCard(api);
    expect(
      await screen.findByText(/Could not load cluster dev-ai-1/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/permission denied/).length).toBeGreaterThan(0);
  });

  it('follows the cluster every few seconds while it is built, adding events, and less often once it is Ready', async () => {
    jest.useFakeTimers();
    const requested = ready.events[0];
    const api = new InMemoryCompleteClustersApi(
      [developerCluster('dev-ai-1', 'ResourceGroup', { events: [requested] })],
      [ready],
    );
    await renderClusterCard(api);

    expect(
      await screen.findByText('ResourceGroup', { selector: 'dd span' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Events' })).getAllByRole(
        'listitem',
      ),
    ).toHaveLength(1);

    await act(() => jest.advanceTimersByTimeAsync(REFRESH_INTERVAL_MS));
    expect(within(fact('Phase')).getByText('Ready')).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Events' })).getAllByRole(
        'listitem',
      ),
    ).toHaveLength(3);

    await act(() =>
      jest.advanceTimersByTimeAsync(IDLE_REFRESH_INTERVAL_MS - 1),
    );
    expect(api.getCalls).toBe(2);
    await act(() => jest.advanceTimersByTimeAsync(1));
    expect(api.getCalls).toBe(3);
  });

  it('loads the cluster again as soon as the backend signals its change, not another’s, then polls only as a safety net', async () => {
    jest.useFakeTimers();
    const signals = new TestSignalApi();
    const requested = ready.events[0];
    const api = new InMemoryCompleteClustersApi(
      [developerCluster('dev-ai-1', 'ResourceGroup', { events: [requested] })],
      [ready],
    );
    await renderClusterCard(api, signals);
    expect(
      await screen.findByText('ResourceGroup', { selector: 'dd span' }),
    ).toBeInTheDocument();
    expect(api.getCalls).toBe(1);

    const change = (name: string) =>
      act(async () =>
        signals.deliver(CLUSTER_CHANGED_SIGNAL_CHANNEL, {
          id: `id-${name}`,
          name,
          phase: 'Ready',
          updatedAt: '2025-06-01T10:05:00.000Z',
        }),
      );
    // Another cluster of the same owner changed: nothing to load here.
    await change('dev-ai-2');
    await act(() => jest.advanceTimersByTimeAsync(SIGNAL_SETTLE_MS));
    expect(api.getCalls).toBe(1);

    await change('dev-ai-1');
    await act(() => jest.advanceTimersByTimeAsync(SIGNAL_SETTLE_MS));
    expect(api.getCalls).toBe(2);
    expect(within(fact('Phase')).getByText('Ready')).toBeInTheDocument();

    // Signals reach this viewer: the next load only at the idle pace.
    await act(() =>
      jest.advanceTimersByTimeAsync(IDLE_REFRESH_INTERVAL_MS - 1),
    );
    expect(api.getCalls).toBe(2);
    await act(() => jest.advanceTimersByTimeAsync(1));
    expect(api.getCalls).toBe(3);
  });
});

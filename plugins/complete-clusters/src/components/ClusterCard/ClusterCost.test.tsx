import { screen, within } from '@testing-library/react';
import type { ClusterCost } from '@complete-clusters/plugin-complete-clusters-common';
import {
  developerCluster,
  InMemoryCompleteClustersApi,
} from '../../__testUtils__/clusters';
import { renderClusterCard } from '../../__testUtils__/renderClusterCard';

/** dev-ai-1 as GET /clusters/dev-ai-1/cost answers it: 2 system nodes, and 1 of at most 2 A100 nodes running. */
const running: ClusterCost = {
  name: 'dev-ai-1',
  currency: 'USD',
  hoursPerMonth: 730,
  location: 'southeastasia',
  pools: [
    {
      name: 'system',
      vmSize: 'Standard_D4ds_v5',
      minNodes: 2,
      maxNodes: 2,
      hourlyPrice: 0.272,
      minimumMonthly: 397.12,
      worstCaseMonthly: 397.12,
      nodes: 2,
      currentMonthly: 397.12,
      pricedAt: '2026-12-03T08:00:00.000Z',
      stale: false,
    },
    {
      name: 'gpu',
      vmSize: 'Standard_NC24ads_A100_v4',
      minNodes: 0,
      maxNodes: 2,
      hourlyPrice: 4.775,
      minimumMonthly: 0,
      worstCaseMonthly: 6971.5,
      nodes: 1,
      currentMonthly: 3485.75,
      pricedAt: '2026-12-03T08:00:00.000Z',
      stale: false,
    },
  ],
  tier: { name: 'Free', monthly: 0 },
  minimumMonthly: 397.12,
  worstCaseMonthly: 7368.62,
  currentMonthly: 3882.87,
  missing: [],
  pricedAt: '2026-12-03T08:00:00.000Z',
  stale: false,
  nodesReadAt: '2026-12-03T09:00:00.000Z',
  addons: [
    {
      name: 'logging',
      addon: 'container-insights',
      monthly: null,
      note: 'Not priced: Azure bills Container Insights by the GB of logs ingested into Log Analytics (and their retention), which depends on the workloads.',
    },
  ],
};

async function costSection() {
  const heading = await screen.findByRole('heading', { name: 'Cost' });
  return within(heading.closest('section')!);
}

describe('ClusterCard: the cost section', () => {
  it('shows the monthly cost at the nodes the cluster runs now, and its worst case', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready'),
    ]);
    api.clusterCosts['dev-ai-1'] = running;
    await renderClusterCard(api);
    const cost = await costSection();
    expect(
      await cost.findByText(
        'Now ≈ $3,883 a month at 3 nodes (system 2 × Standard_D4ds_v5, gpu 1 × Standard_NC24ads_A100_v4)',
      ),
    ).toBeInTheDocument();
    expect(
      cost.getByText(
        /^Worst case ≈ \$7,369 a month \(every pool at its maximum: system 2, gpu 2\)\. Linux pay-as-you-go, 730 hours a month\.$/,
      ),
    ).toBeInTheDocument();
    // An add-on Azure bills by what it ingests is named, not counted; the reason on hover.
    expect(
      cost.getByText('Not counted: logging (container-insights).'),
    ).toHaveAttribute(
      'title',
      expect.stringContaining('by the GB of logs ingested'),
    );
  });

  it('says why there is no current figure for a cluster not yet in Azure, and dates stale prices', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'AwaitingApproval'),
    ]);
    api.clusterCosts['dev-ai-1'] = {
      ...running,
      pools: running.pools.map(
        ({ nodes: _n, currentMonthly: _c, ...pool }) => pool,
      ),
      currentMonthly: null,
      nodesReadAt: undefined,
      nodesUnavailable:
        'The cluster is AwaitingApproval: it has no nodes in Azure yet.',
      stale: true,
    };
    await renderClusterCard(api);
    const cost = await costSection();
    expect(
      await cost.findByText(
        'Now: not known. The cluster is AwaitingApproval: it has no nodes in Azure yet.',
      ),
    ).toBeInTheDocument();
    expect(cost.getByText(/Worst case ≈ \$7,369 a month/)).toHaveTextContent(
      /Prices of 2026-12-03\.$/,
    );
  });

  it('says when the cost cannot be read, and the rest of the card still shows', async () => {
    await renderClusterCard(
      new InMemoryCompleteClustersApi([developerCluster('dev-ai-1', 'Ready')]),
    );
    const cost = await costSection();
    expect(
      await cost.findByText(
        'Cost not available: There is no cluster named dev-ai-1.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Node pools' }),
    ).toBeInTheDocument();
  });
});

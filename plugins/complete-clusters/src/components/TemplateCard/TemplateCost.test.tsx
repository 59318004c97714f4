import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { CostEstimate } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { InMemoryCompleteClustersApi } from '../../__testUtils__/clusters';
import { describeCost, TemplateCost } from './TemplateCost';

/** The developer template priced from the emulator's fixture (see the backend's cost.test.ts). */
const developer: CostEstimate = {
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
      pricedAt: '2026-12-03T18:00:00.000Z',
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
      pricedAt: '2026-12-03T18:00:00.000Z',
      stale: false,
    },
  ],
  tier: { name: 'Free', monthly: 0 },
  minimumMonthly: 397.12,
  worstCaseMonthly: 7368.62,
  missing: [],
  pricedAt: '2026-12-03T18:00:00.000Z',
  stale: false,
};

describe('TemplateCost', () => {
  it("shows the template's monthly range from the backend on its card", async () => {
    const api = new InMemoryCompleteClustersApi();
    api.templateCosts.developer = developer;
    await renderInTestApp(
      <TestApiProvider apis={[[completeClustersApiRef, api]]}>
        <TemplateCost namespace="default" name="developer" />
      </TestApiProvider>,
    );
    expect(
      await screen.findByTestId('template-cost-developer'),
    ).toHaveTextContent('≈ $397–$7,369 a month');
  });

  it('shows nothing when the cost cannot be read', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[completeClustersApiRef, new InMemoryCompleteClustersApi()]]}
      >
        <TemplateCost name="developer" />
      </TestApiProvider>,
    );
    await new Promise(r => setTimeout(r, 50));
    expect(screen.queryByTestId('template-cost-developer')).toBeNull();
  });

  it('says one figure for fixed sizes, dates stale prices, and names a size with no price', () => {
    expect(
      describeCost({
        ...developer,
        minimumMonthly: 1825,
        worstCaseMonthly: 1825,
      }),
    ).toBe('≈ $1,825 a month');
    expect(describeCost({ ...developer, stale: true })).toBe(
      '≈ $397–$7,369 a month (prices of 2026-12-03)',
    );
    expect(
      describeCost({
        ...developer,
        location: 'southindia',
        minimumMonthly: null,
        worstCaseMonthly: null,
        pools: [{ ...developer.pools[1], hourlyPrice: null }],
      }),
    ).toBe('Cost unknown: no price for Standard_NC24ads_A100_v4 in southindia');
  });
});

import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { TemplateHistory } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { TemplateHistoryCard } from './TemplateHistoryCard';

const history: TemplateHistory = {
  templateRef: 'clustertemplate:default/developer',
  versions: [
    {
      version: '1.1.0',
      previousVersion: '1.0.0',
      recordedAt: '2026-12-02T09:00:00.000Z',
      changes: [
        {
          layer: 'applications',
          field: 'application redis',
          from: 'redis chart 21.2.5 in redis',
          to: 'redis chart 21.3.0 in redis',
        },
        {
          layer: 'infrastructure',
          field: 'kubernetesVersion',
          from: '1.32',
          to: '1.33',
        },
      ],
    },
    { version: '1.0.0', recordedAt: '2026-11-20T09:00:00.000Z', changes: [] },
  ],
};

describe('TemplateHistoryCard', () => {
  it("shows the template's versions newest first, each with its changes per layer", async () => {
    const asked: unknown[] = [];
    const api = {
      getTemplateHistory: async (ref: unknown) => {
        asked.push(ref);
        return history;
      },
    };
    const entity = {
      apiVersion: 'complete-clusters.io/v1alpha1',
      kind: 'ClusterTemplate',
      metadata: { name: 'developer', namespace: 'default' },
      spec: {},
    };
    await renderInTestApp(
      <TestApiProvider apis={[[completeClustersApiRef, api as any]]}>
        <EntityProvider entity={entity}>
          <TemplateHistoryCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    const newest = await screen.findByRole('region', { name: 'Version 1.1.0' });
    expect(asked).toEqual([{ namespace: 'default', name: 'developer' }]);
    const sections = screen
      .getAllByRole('region')
      .map(r => r.getAttribute('aria-label'));
    expect(sections).toEqual(['Version 1.1.0', 'Version 1.0.0']);
    expect(
      within(newest).getByText('application redis 21.2.5 → 21.3.0'),
    ).toBeInTheDocument();
    expect(
      within(newest).getByText('kubernetesVersion 1.32 → 1.33'),
    ).toBeInTheDocument();
    // Infrastructure before applications, as the template reads.
    const layers = within(newest)
      .getAllByText(/^(Infrastructure|Policies|Applications)$/)
      .map(e => e.textContent);
    expect(layers).toEqual(['Infrastructure', 'Applications']);
    expect(
      within(screen.getByRole('region', { name: 'Version 1.0.0' })).getByText(
        'The first version the portal recorded.',
      ),
    ).toBeInTheDocument();
  });
});

// The test reads the example templates this repository ships, from disk.
// eslint-disable-next-line no-restricted-imports
import fs from 'fs';
// eslint-disable-next-line no-restricted-imports
import path from 'path';
import { parse } from 'yaml';
import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { identityApiRef } from '@backstage/core-plugin-api';
import userEvent from '@testing-library/user-event';
import { waitFor } from '@testing-library/react';
import { completeClustersApiRef } from '../../api';
import { InMemoryCompleteClustersApi } from '../../__testUtils__/clusters';
import { TemplateGallery } from './TemplateGallery';

const examples = ['production', 'developer', 'testing'].map(name =>
  parse(
    fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../../examples/cluster-templates',
        `${name}.yaml`,
      ),
      'utf8',
    ),
  ),
);

const createHref = ({ namespace, name }: { namespace: string; name: string }) =>
  `/create/templates/${namespace}/${name}`;

async function renderGallery(catalogApi: ReturnType<typeof catalogApiMock>) {
  return renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <TemplateGallery createHref={createHref} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('TemplateGallery', () => {
  it('shows one card per template, development first, with what each one builds', async () => {
    await renderGallery(catalogApiMock({ entities: examples }));

    const cards = await screen.findAllByRole('article');
    expect(cards.map(c => c.getAttribute('aria-label'))).toEqual([
      'Developer cluster',
      'Testing cluster',
      'Production cluster',
    ]);

    const production = within(screen.getByTestId('template-card-production'));
    expect(
      production.getByText('production · centralindia · Kubernetes 1.33'),
    ).toBeInTheDocument();
    expect(production.getByText('v1.0.0')).toBeInTheDocument();
    expect(
      production.getByText('Standard_NC24ads_A100_v4'),
    ).toBeInTheDocument();
    expect(production.getByText('GPU')).toBeInTheDocument();
    expect(
      production.getByText('User · 0-25 nodes (autoscale)'),
    ).toBeInTheDocument();
    for (const app of [
      'ai-models 1.4.2',
      'redis 21.2.5',
      'kafka 0.47.0',
      'logging aks-managed',
      'monitoring 77.0.0',
    ]) {
      expect(production.getByText(app)).toBeInTheDocument();
    }
    expect(
      production.getByText('No privileged containers (restricted)'),
    ).toBeInTheDocument();
    expect(
      production.getByText(
        'group:default/platform-team may admin in the whole cluster',
      ),
    ).toBeInTheDocument();
    expect(
      production.getByText('Network traffic denied by default'),
    ).toBeInTheDocument();
    expect(
      production.getByText('Role-based access locked'),
    ).toBeInTheDocument();
    expect(
      production.getByText('Everything but the name is set by the template'),
    ).toBeInTheDocument();
    expect(
      production.getByRole('button', { name: 'Create Production cluster' }),
    ).toHaveAttribute('href', '/create/templates/default/production');

    const developer = within(screen.getByTestId('template-card-developer'));
    expect(
      developer.getByText(
        'The requester may edit and exec in namespace ai-models',
      ),
    ).toBeInTheDocument();
    expect(
      developer.getByText("The owner's members may view in the whole cluster"),
    ).toBeInTheDocument();
    expect(
      developer.getByText(
        'You choose: Most GPU nodes, Kubernetes version, Region',
      ),
    ).toBeInTheDocument();
    expect(
      developer.getByRole('link', { name: 'platform-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/platform-team');
  });

  it('tells the user when there is no template yet, and how to add one', async () => {
    await renderGallery(catalogApiMock({ entities: [] }));
    expect(
      await screen.findByText('No complete-cluster templates yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Register a ClusterTemplate' }),
    ).toBeInTheDocument();
  });

  it('shows an error when the catalog cannot be read', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn().mockRejectedValue(new Error('catalog is down')),
    });
    await renderGallery(catalogApi);
    expect(
      await screen.findByText(/Could not load the cluster templates/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/catalog is down/).length).toBeGreaterThan(0);
  });

  it('shows progress while the templates load', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(() => new Promise<never>(() => {})),
    });
    await renderGallery(catalogApi);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('offers the template owners a rollout of the current version, and no one else', async () => {
    const identity = (groups: string[]) => ({
      getBackstageIdentity: async () => ({
        type: 'user' as const,
        userEntityRef: 'user:default/paula',
        ownershipEntityRefs: ['user:default/paula', ...groups],
      }),
      getProfileInfo: async () => ({}),
      getCredentials: async () => ({}),
      signOut: async () => {},
    });
    const clusters = new InMemoryCompleteClustersApi([]);
    clusters.rollouts = [];
    const render = (groups: string[]) =>
      renderInTestApp(
        <TestApiProvider
          apis={[
            [catalogApiRef, catalogApiMock({ entities: examples })],
            [identityApiRef, identity(groups)],
            [completeClustersApiRef, clusters],
          ]}
        >
          <TemplateGallery createHref={createHref} />
        </TestApiProvider>,
        {
          mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        },
      );

    const mine = await render(['group:default/platform-team']);
    const button = await screen.findByRole('button', {
      name: 'Roll out Production cluster version 1.0.0',
    });
    await userEvent.click(button);
    await waitFor(() =>
      expect(clusters.calls).toContainEqual([
        'rollout',
        'clustertemplate:default/production',
        {},
      ]),
    );
    mine.unmount();

    await render(['group:default/guests']);
    await screen.findAllByRole('article');
    expect(
      screen.queryByRole('button', { name: /^Roll out/ }),
    ).not.toBeInTheDocument();
  });
});

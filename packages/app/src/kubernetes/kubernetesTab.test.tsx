import { screen, waitFor } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import {
  kubernetesApiRef,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes-react';

/**
 * A cluster's Resource as the complete-clusters catalog module writes it
 * (plugins/catalog-backend-module-complete-clusters, clusterEntity.ts): the
 * catalog cluster locator's annotations and the two that give the page its
 * Kubernetes tab.
 */
const clusterResource = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'k8s-dev',
    namespace: 'default',
    title: 'k8s-dev',
    annotations: {
      'kubernetes.io/api-server':
        'https://k8s-dev-1a2b3c4d.hcp.westeurope.azmk8s.io',
      'kubernetes.io/api-server-certificate-authority':
        'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      'kubernetes.io/auth-provider': 'aks',
      'backstage.io/kubernetes-cluster': 'k8s-dev',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/instance in (ai-models,redis,kafka)',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'user:default/alice' },
};

/** Any other Resource: no Kubernetes tab. */
const database = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: { type: 'database', owner: 'user:default/alice' },
};

jest.setTimeout(60_000);

function renderEntityPage(path: string) {
  return renderTestApp({
    features: [catalogPlugin, kubernetesPlugin],
    apis: [
      [
        catalogApiRef,
        catalogApiMock({ entities: [clusterResource, database] }),
      ],
    ],
    initialRouteEntries: [path],
  });
}

/** The entity page's tabs: links to the entity's own sub-pages, by their text. */
function tabs(path: string): Record<string, string> {
  const links = [
    ...document.querySelectorAll<HTMLAnchorElement>(`a[href^="${path}"]`),
  ];
  return Object.fromEntries(
    links.map(a => [a.textContent?.trim() ?? '', a.getAttribute('href')!]),
  );
}

describe("a cluster's entity page with the Kubernetes plugin", () => {
  it('has a Kubernetes tab', async () => {
    const path = '/catalog/default/resource/k8s-dev';
    renderEntityPage(path);
    await waitFor(
      () =>
        expect(tabs(path)).toMatchObject({ Kubernetes: `${path}/kubernetes` }),
      { timeout: 30_000 },
    );
  });

  it('has none on a Resource that is not a cluster', async () => {
    const path = '/catalog/default/resource/orders-db';
    renderEntityPage(path);
    await screen.findAllByText('orders-db', {}, { timeout: 30_000 });
    await waitFor(() => expect(tabs(path)).toMatchObject({ Overview: path }), {
      timeout: 30_000,
    });
    expect(tabs(path)).not.toHaveProperty('Kubernetes');
  });

  it('shows, on the tab, what the Kubernetes backend answers for this cluster: here, that its API server cannot be reached', async () => {
    const path = '/catalog/default/resource/k8s-dev';
    const asked: any[] = [];
    // The backend's answer when the cluster's API server does not answer (no kube-apiserver runs here).
    const unreachable = {
      items: [
        {
          cluster: { name: 'k8s-dev' },
          resources: [],
          podMetrics: [],
          errors: [
            {
              errorType: 'FETCH_ERROR',
              message:
                'request to https://k8s-dev-1a2b3c4d.hcp.westeurope.azmk8s.io/api/v1/pods failed, reason: getaddrinfo ENOTFOUND',
            },
          ],
        },
      ],
    };
    const kubernetesApi = {
      getClusters: async () => [{ name: 'k8s-dev', authProvider: 'aks' }],
      getObjectsByEntity: async (request: any) => {
        asked.push(request);
        return unreachable;
      },
      getWorkloadsByEntity: async () => unreachable,
      getCustomObjectsByEntity: async () => unreachable,
      getCluster: async () => ({ name: 'k8s-dev', authProvider: 'aks' }),
      proxy: async () => new Response('{}'),
    };
    const authProviders = {
      decorateRequestBodyForAuth: async (provider: string, body: any) => ({
        ...body,
        auth: { ...body.auth, [provider]: 'signed-in-user-token' },
      }),
      getCredentials: async () => ({ token: 'signed-in-user-token' }),
    };
    renderTestApp({
      features: [catalogPlugin, kubernetesPlugin],
      apis: [
        [
          catalogApiRef,
          catalogApiMock({ entities: [clusterResource, database] }),
        ],
        [kubernetesApiRef, kubernetesApi as any],
        [kubernetesAuthProvidersApiRef, authProviders as any],
      ],
      initialRouteEntries: [`${path}/kubernetes`],
    });
    expect(
      await screen.findByText(
        /problem retrieving some Kubernetes resources for the entity: k8s-dev/,
        {},
        { timeout: 30_000 },
      ),
    ).toBeInTheDocument();
    expect(asked[0]).toMatchObject({
      entity: { metadata: { name: 'k8s-dev' } },
      auth: { aks: 'signed-in-user-token' },
    });
  });
});

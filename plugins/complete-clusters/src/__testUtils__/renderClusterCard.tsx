import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { completeClustersApiRef, CompleteClustersApi } from '../api';
import { ClusterCard } from '../components/ClusterCard';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { TestSignalApi } from './signals';

/** The catalog entity of cluster dev-ai-1, as the catalog module publishes it. */
export const clusterEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'dev-ai-1', namespace: 'default' },
  spec: { type: 'kubernetes-cluster', owner: 'user:default/alice' },
};

/**
 * The cluster card on dev-ai-1's entity page, backed by `api`, signed in as
 * alice (a member of team-ai); with `signals`, the app has the signals plugin.
 */
export async function renderClusterCard(
  api: CompleteClustersApi,
  signals?: TestSignalApi,
) {
  const identity = mockApis.identity({
    userEntityRef: 'user:default/alice',
    ownershipEntityRefs: ['user:default/alice', 'group:default/team-ai'],
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [completeClustersApiRef, api],
        [identityApiRef, identity],
        ...(signals ? [[signalApiRef, signals] as const] : []),
      ]}
    >
      <EntityProvider entity={clusterEntity}>
        <ClusterCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

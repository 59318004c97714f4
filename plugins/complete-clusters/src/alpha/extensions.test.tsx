import type { Entity } from '@backstage/catalog-model';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { completeClusterEntityCard } from './extensions';
import plugin from './plugin';

function resource(
  type: string,
  annotations: Record<string, string> = {
    'complete-clusters.io/cluster-template':
      'clustertemplate:default/developer',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'x', annotations },
    spec: { type },
  };
}

describe('complete-clusters alpha plugin', () => {
  it('puts the cluster card only on kubernetes-cluster Resources made from a ClusterTemplate', () => {
    const matches = createExtensionTester(completeClusterEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(matches(resource('kubernetes-cluster'))).toBe(true);
    expect(matches(resource('kubernetes-cluster', {}))).toBe(false);
    expect(matches(resource('database'))).toBe(false);
    expect(
      matches({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: { type: 'kubernetes-cluster' },
      }),
    ).toBe(false);
  });

  it('provides the page, the entity card and the API client', () => {
    expect(plugin.getExtension('page:complete-clusters')).toBeDefined();
    expect(
      plugin.getExtension('entity-card:complete-clusters/complete-cluster'),
    ).toBeDefined();
    expect(plugin.getExtension('api:complete-clusters')).toBeDefined();
    expect(
      plugin.getExtension('entity-card:complete-clusters/team-fleet'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-card:complete-clusters/template-history'),
    ).toBeDefined();
  });
});

import { screen, within } from '@testing-library/react';
import type { ClusterComponent } from '@complete-clusters/plugin-complete-clusters-common';
import {
  developerCluster,
  InMemoryCompleteClustersApi,
} from '../../__testUtils__/clusters';
import { renderClusterCard } from '../../__testUtils__/renderClusterCard';

const grant = (
  to: string,
  role: string,
  where: string,
  because: string,
  n: number,
): ClusterComponent => ({
  key: `access:${n}`,
  layer: 'policies',
  kind: 'roleAssignment',
  name: `team-view: ${to}`,
  description: `${to} may view`,
  state: 'Installed',
  azureId: `/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/${n}`,
  grant: { to, role, where, because },
});

describe('the cluster card’s access', () => {
  it('lists who has which access and why, one row per user or group', async () => {
    const cluster = developerCluster('dev-ai-1', 'Ready', {
      ownerRef: 'group:default/team-ai',
      components: [
        grant(
          'user:default/alice',
          'Complete Clusters: edit and exec',
          'namespace ai-models',
          'the requester',
          1,
        ),
        grant(
          'user:default/carol',
          'Azure Kubernetes Service RBAC Reader',
          'the whole cluster',
          'member of group:default/team-ai',
          2,
        ),
        grant(
          'user:default/carol',
          'Azure Kubernetes Service Cluster User Role',
          'the whole cluster',
          'member of group:default/team-ai',
          3,
        ),
      ],
    });
    await renderClusterCard(new InMemoryCompleteClustersApi([cluster]));
    const access = await screen.findByRole('region', { name: 'Access' });
    expect(
      within(access).getByRole('row', {
        name: /^user:default\/carol\s*member of group:default\/team-ai\s*Azure Kubernetes Service RBAC Reader on the whole cluster; Azure Kubernetes Service Cluster User Role on the whole cluster$/,
      }),
    ).toBeInTheDocument();
    expect(
      within(access).getByRole('row', {
        name: /^user:default\/alice\s*the requester\s*Complete Clusters: edit and exec on namespace ai-models$/,
      }),
    ).toBeInTheDocument();
  });
});

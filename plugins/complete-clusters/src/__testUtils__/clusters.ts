import type {
  Cluster,
  ClusterCost,
  CostEstimate,
  ClusterDetails,
  ClusterPhase,
  DecisionBody,
  PreflightResult,
  RequestClusterBody,
  Rollout,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { CompleteClustersApi } from '../api';

/** A developer cluster as the backend returns it, in `phase`. */
export function developerCluster(
  name: string,
  phase: ClusterPhase,
  extra: Partial<ClusterDetails> = {},
): ClusterDetails {
  return {
    id: `id-${name}`,
    name,
    templateRef: 'clustertemplate:default/developer',
    templateVersion: '1.0.0',
    environment: 'development',
    ownerRef: 'user:default/alice',
    requestedBy: 'user:default/alice',
    phase,
    activity: 'create',
    statusMessage:
      phase === 'Ready' ? 'Cluster is ready' : `Working on ${phase}`,
    parameters: { gpuMaxCount: 2 },
    azure: {
      subscriptionId: '00000000-0000-0000-0000-000000000001',
      resourceGroup: `cc-${name}`,
      resourceId: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/cc-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
      location: 'southeastasia',
    },
    nodePools: [
      {
        name: 'system',
        mode: 'System',
        vmSize: 'Standard_D4s_v5',
        size: '2 nodes',
      },
      {
        name: 'gpu',
        mode: 'User',
        vmSize: 'Standard_NC24ads_A100_v4',
        size: '0-2 nodes (autoscale)',
      },
    ],
    applications: [
      {
        name: 'ai-models',
        version: '1.4.2',
        namespace: 'ai-models',
        source:
          'Helm chart kuberay-operator from https://ray-project.github.io/kuberay-helm/',
      },
      {
        name: 'redis',
        version: '21.2.5',
        namespace: 'redis',
        source:
          'Helm chart redis from oci://registry-1.docker.io/bitnamicharts',
      },
    ],
    policies: [
      'No privileged containers (baseline)',
      'Network traffic allowed by default',
    ],
    createdAt: '2025-06-01T10:00:00.000Z',
    updatedAt: '2025-06-01T10:05:00.000Z',
    events: [],
    components: [],
    actions: {
      update: false,
      scale: false,
      delete: false,
      approve: false,
      retry: false,
    },
    scaleParameters: [],
    ...extra,
  };
}

/**
 * The complete-clusters API over an in-memory list. `answers` lets a test
 * script what successive calls return (the last answer repeats), to watch a
 * cluster move through its phases.
 */
export class InMemoryCompleteClustersApi implements CompleteClustersApi {
  listCalls = 0;
  getCalls = 0;
  private readonly answers: ClusterDetails[][];

  constructor(...answers: ClusterDetails[][]) {
    this.answers = answers.length > 0 ? answers : [[]];
  }

  private current(calls: number): ClusterDetails[] {
    return this.answers[Math.min(calls, this.answers.length - 1)];
  }

  async listClusters(query: { mine?: boolean } = {}): Promise<Cluster[]> {
    if (!query.mine)
      throw new Error(
        'the Clusters page asks for the signed-in user’s clusters only',
      );
    const clusters = this.current(this.listCalls++);
    return clusters.map(
      ({
        events: _e,
        components: _c,
        actions: _a,
        scaleParameters: _s,
        update: _u,
        ...cluster
      }) => cluster,
    );
  }

  async getCluster(name: string): Promise<ClusterDetails | undefined> {
    return this.current(this.getCalls++).find(cluster => cluster.name === name);
  }

  async requestCluster(): Promise<never> {
    throw new Error('not used by these views');
  }

  async planCluster(): Promise<never> {
    throw new Error('not used by these views');
  }

  async preflight(_body?: RequestClusterBody): Promise<PreflightResult> {
    throw new Error('not used by these views');
  }

  async planTemplate(): Promise<never> {
    throw new Error('not used by these views');
  }

  async getFleet(): Promise<never> {
    throw new Error('not used by these views');
  }

  async getFleetCsv(): Promise<never> {
    throw new Error('not used by these views');
  }

  async getTemplateHistory(): Promise<never> {
    throw new Error('not used by these views');
  }

  /** Each template's cost as the backend would answer it, by template name; none answers 404. */
  readonly templateCosts: Record<string, CostEstimate> = {};

  async getTemplateCost(ref: {
    name: string;
  }): Promise<CostEstimate & { templateRef: string }> {
    const cost = this.templateCosts[ref.name];
    if (!cost) throw new Error(`No ClusterTemplate ${ref.name}`);
    return { templateRef: `clustertemplate:default/${ref.name}`, ...cost };
  }

  /** Each cluster's cost, by name, as `GET /clusters/:name/cost` answers it. */
  readonly clusterCosts: Record<string, ClusterCost> = {};

  async getClusterCost(name: string): Promise<ClusterCost> {
    const cost = this.clusterCosts[name];
    if (!cost) throw new Error(`There is no cluster named ${name}.`);
    return cost;
  }

  /** What the views asked the backend to do, in order: [method, cluster name, body]. */
  readonly calls: Array<[string, string, unknown]> = [];

  private record(method: string, name: string, body: unknown): Cluster {
    this.calls.push([method, name, body]);
    const cluster = this.current(this.getCalls).find(c => c.name === name);
    if (!cluster) throw new Error(`no cluster ${name}`);
    const {
      events: _e,
      components: _c,
      actions: _a,
      scaleParameters: _s,
      update: _u,
      ...rest
    } = cluster;
    return rest;
  }

  approvals: Cluster[] = [];

  async listApprovals(): Promise<Cluster[]> {
    return this.approvals;
  }

  async decide(name: string, body: DecisionBody): Promise<Cluster> {
    // As the backend: a decided request no longer waits for anyone.
    this.approvals = this.approvals.filter(c => c.name !== name);
    return this.record('decide', name, body);
  }

  async updateCluster(
    name: string,
    body: { toVersion: string },
  ): Promise<Cluster> {
    return this.record('update', name, body);
  }

  async scaleCluster(
    name: string,
    body: { parameters: Record<string, number> },
  ): Promise<Cluster> {
    return this.record('scale', name, body);
  }

  async retryCluster(name: string): Promise<Cluster> {
    return this.record('retry', name, {});
  }

  async transferCluster(
    name: string,
    body: { owner: string },
  ): Promise<Cluster> {
    return this.record('transfer', name, body);
  }

  async rebuildCluster(
    name: string,
    body: { region: string; reason?: string },
  ): Promise<Cluster> {
    return this.record('rebuild', name, body);
  }

  async confirmRebuild(name: string): Promise<Cluster> {
    return this.record('confirmRebuild', name, {});
  }

  async deleteCluster(
    name: string,
    body: { confirm: string },
  ): Promise<Cluster> {
    return this.record('delete', name, body);
  }

  rollouts: Rollout[] = [];

  async startRollout(templateRef: string): Promise<Rollout> {
    this.calls.push(['rollout', templateRef, {}]);
    return this.rollouts[0];
  }

  async listRollouts(): Promise<Rollout[]> {
    return this.rollouts;
  }
}

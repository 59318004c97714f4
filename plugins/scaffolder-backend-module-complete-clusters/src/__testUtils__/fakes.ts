import { mockServices } from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import type {
  ClusterDetails,
  ClusterPhase,
  ClusterPlan,
  RequestClusterBody,
  RequestClusterResponse,
  RequestOptions,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterApi } from '../actions/backend';

/** A cluster as the backend would return it, in `phase`, with `events`. */
export function clusterDetails(
  name: string,
  phase: ClusterPhase,
  events: Array<
    [
      id: number,
      phase: string,
      message: string,
      level?: 'info' | 'warning' | 'error',
    ]
  > = [],
  statusMessage?: string,
): ClusterDetails {
  return {
    id: `id-${name}`,
    name,
    templateRef: 'clustertemplate:default/developer',
    templateVersion: '1.0.0',
    environment: 'development',
    ownerRef: 'user:default/mock',
    requestedBy: 'user:default/mock',
    phase,
    activity: 'create',
    statusMessage,
    parameters: {},
    azure: {
      subscriptionId: '00000000-0000-0000-0000-000000000000',
      resourceGroup: `cc-${name}`,
      resourceId: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/cc-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
      location: 'southeastasia',
    },
    nodePools: [],
    applications: [],
    policies: [],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    components: [],
    actions: {
      update: false,
      scale: false,
      delete: false,
      approve: false,
      retry: false,
    },
    scaleParameters: [],
    events: events.map(([id, eventPhase, message, level = 'info']) => ({
      id,
      phase: eventPhase,
      level,
      message,
      createdAt: '2025-01-01T00:00:00.000Z',
    })),
  };
}

/** A ResponseError as CompleteClustersClient throws it for a Backstage error answer. */
export async function backendAnswer(
  status: number,
  statusText: string,
  name: string,
  message: string,
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      {
        status,
        statusText,
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/**
 * An in-memory complete-clusters backend: requests are idempotent by name,
 * and `getCluster` plays back a scripted sequence of snapshots, one per look.
 */
export class FakeClusters implements ClusterApi {
  readonly clusters = new Map<string, ClusterDetails>();
  private readonly script = new Map<string, Array<ClusterDetails | Error>>();

  readonly requestCluster = jest.fn(
    async (
      body: RequestClusterBody,
      _options?: RequestOptions,
    ): Promise<RequestClusterResponse> => {
      const existing = this.clusters.get(body.name);
      if (existing) return { cluster: existing, created: false };
      const cluster = {
        ...clusterDetails(body.name, 'Pending'),
        templateRef: body.templateRef,
      };
      this.clusters.set(body.name, cluster);
      return { cluster, created: true };
    },
  );

  readonly planCluster = jest.fn(
    async (
      body: RequestClusterBody,
      _options?: RequestOptions,
    ): Promise<ClusterPlan> => {
      const cluster = {
        ...clusterDetails(body.name, 'Pending'),
        templateRef: body.templateRef,
      };
      return {
        cluster,
        requests: [
          {
            method: 'PUT',
            path: `/subscriptions/0000/resourcegroups/cc-${body.name}?api-version=2021-04-01`,
            description: 'Create the resource group',
            body: { location: 'southeastasia' },
          },
          {
            method: 'PUT',
            path: `${cluster.azure.resourceId}?api-version=2024-09-01`,
            description: 'Create the managed cluster and its node pools',
            body: {
              location: 'southeastasia',
              properties: { dnsPrefix: body.name },
            },
          },
        ],
        azureAccess: {
          subscriptionId: '0000',
          ok: true,
          message: `The portal's identity signs in and reads subscription 0000; resource group cc-${body.name} would be created.`,
        },
      };
    },
  );

  readonly getCluster = jest.fn(
    async (
      name: string,
      options?: RequestOptions,
    ): Promise<ClusterDetails | undefined> => {
      if (options?.signal?.aborted)
        throw Object.assign(new Error('This operation was aborted'), {
          name: 'AbortError',
        });
      const script = this.script.get(name);
      if (script && script.length > 0) {
        const next = script.length > 1 ? script.shift()! : script[0];
        if (next instanceof Error) throw next;
        return next;
      }
      return this.clusters.get(name);
    },
  );

  /** What getCluster answers on each look; the last answer repeats. */
  play(name: string, ...answers: Array<ClusterDetails | Error>) {
    this.script.set(name, answers);
  }
}

type MockContext = ReturnType<typeof createMockActionContext>;

/** The task's checkpoint store, kept across runs as the Scaffolder keeps it across a retry. */
export function checkpointState() {
  const state: Record<string, unknown> = {};
  const checkpoint = (async ({
    key,
    fn,
  }: {
    key: string;
    fn: () => unknown;
  }) => {
    if (key in state) return state[key];
    const value = await fn();
    state[key] = value ?? {};
    return value;
  }) as MockContext['checkpoint'];
  return { state, checkpoint };
}

/**
 * A mock action context whose logger records its lines in order, with the
 * overrides that createMockActionContext does not take.
 */
export function actionContext(
  input: MockContext['input'],
  overrides: Partial<
    Pick<MockContext, 'isDryRun' | 'signal' | 'checkpoint'>
  > = {},
) {
  const lines: Array<{ level: 'info' | 'warn' | 'error'; message: string }> =
    [];
  const logger = mockServices.logger.mock({
    info: message => void lines.push({ level: 'info', message }),
    warn: message => void lines.push({ level: 'warn', message }),
    error: message => void lines.push({ level: 'error', message }),
  });
  // The actions never touch the workspace: a path that is never created spares
  // a mock directory (and its process listeners) per context.
  const workspacePath = '/nonexistent/complete-clusters-workspace';
  const ctx: MockContext = {
    ...createMockActionContext({ input, logger, workspacePath }),
    ...overrides,
  };
  return { ctx, logger, lines };
}

/** Runs an action's handler with a context built by {@link actionContext}. */
export function run(action: TemplateAction<any, any, any>, ctx: MockContext) {
  return action.handler(ctx);
}

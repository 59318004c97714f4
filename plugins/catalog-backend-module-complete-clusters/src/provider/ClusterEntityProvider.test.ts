import http from 'http';
import type { AddressInfo } from 'net';
import { mockServices } from '@backstage/backend-test-utils';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { aCluster } from './__testUtils__/clusters';
import {
  ClusterEntityProvider,
  DEFAULT_SCHEDULE,
} from './ClusterEntityProvider';

const TASK_ID = 'complete-clusters:refresh';

/** The complete-clusters backend's GET /clusters, on a real local port. */
class FakeClustersApi {
  /** What GET /clusters answers next: a status and a body. */
  answer: { status: number; body: unknown } = {
    status: 200,
    body: { items: [] },
  };
  readonly callers: string[] = [];
  /** The query of each GET /clusters, e.g. `limit=500&changedSince=...`. */
  readonly queries: string[] = [];
  private readonly server = http.createServer((req, res) =>
    this.handle(req, res),
  );
  private readonly backendAuth = mockServices.auth({
    pluginId: 'complete-clusters',
  });

  async start(): Promise<void> {
    await new Promise<void>(resolve =>
      this.server.listen(0, '127.0.0.1', resolve),
    );
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${
      (this.server.address() as AddressInfo).port
    }/api/complete-clusters`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (
      req.method !== 'GET' ||
      url.pathname !== '/api/complete-clusters/clusters'
    )
      return send(404, { error: { message: 'not found' } });
    try {
      // As the real backend would: only a Backstage token meant for complete-clusters gets in.
      const token =
        /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const credentials = await this.backendAuth.authenticate(token);
      if (!this.backendAuth.isPrincipal(credentials, 'service'))
        throw new Error('not a service token');
      this.callers.push(credentials.principal.subject);
    } catch (e) {
      return send(401, {
        error: { name: 'AuthenticationError', message: (e as Error).message },
      });
    }
    this.queries.push(url.searchParams.toString());
    // As the real backend: with changedSince, only the clusters changed since then.
    const since = url.searchParams.get('changedSince');
    const body = this.answer.body as { items?: unknown };
    if (since && Array.isArray(body?.items))
      return send(this.answer.status, {
        items: body.items.filter(
          (c: any) => Date.parse(c.updatedAt) >= Date.parse(since),
        ),
      });
    return send(this.answer.status, this.answer.body);
  }
}

describe('ClusterEntityProvider', () => {
  const api = new FakeClustersApi();
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  function setup(configData: object = {}, baseUrl?: string) {
    const scheduler = mockServices.scheduler();
    const createRunner = jest.spyOn(scheduler, 'createScheduledTaskRunner');
    const logger = mockServices.logger.mock();
    const connection = {
      applyMutation: jest.fn(),
      refresh: jest.fn(),
    } satisfies EntityProviderConnection;
    const provider = ClusterEntityProvider.fromConfig(
      mockServices.rootConfig({ data: configData }),
      {
        logger,
        scheduler,
        auth: mockServices.auth({ pluginId: 'catalog' }),
        discovery: {
          getBaseUrl: async () => baseUrl ?? api.baseUrl,
          getExternalBaseUrl: async () =>
            'https://backstage.example.com/api/complete-clusters',
        },
      },
    );
    return {
      provider,
      scheduler,
      createRunner,
      logger,
      connection,
      run: () => scheduler.triggerTask(TASK_ID),
    };
  }

  it('is named complete-clusters and runs every 3 seconds by default', async () => {
    const { provider, createRunner, scheduler, connection } = setup();
    expect(provider.getProviderName()).toBe('complete-clusters');
    expect(createRunner).toHaveBeenCalledWith(DEFAULT_SCHEDULE);
    expect(DEFAULT_SCHEDULE).toEqual({
      frequency: { seconds: 3 },
      timeout: { minutes: 1 },
    });
    await provider.connect(connection);
    expect((await scheduler.getScheduledTasks()).map(t => t.id)).toEqual([
      TASK_ID,
    ]);
  });

  it('reads its schedule from completeClusters.catalog.schedule', () => {
    const { createRunner } = setup({
      completeClusters: {
        catalog: {
          schedule: {
            frequency: { seconds: 30 },
            timeout: { seconds: 20 },
            initialDelay: 'PT5S',
          },
        },
      },
    });
    expect(createRunner).toHaveBeenCalledWith(
      expect.objectContaining({
        frequency: { seconds: 30 },
        timeout: { seconds: 20 },
        initialDelay: expect.anything(),
      }),
    );
  });

  it('applies a full mutation of every cluster, asking the backend with a service token', async () => {
    const { provider, connection, run } = setup();
    api.callers.length = 0;
    api.answer = {
      status: 200,
      body: {
        items: [
          aCluster({ name: 'dev-ai-1' }),
          aCluster(
            { name: 'test-ai-1', environment: 'testing', phase: 'Pending' },
            { fqdn: undefined },
          ),
        ],
      },
    };
    await provider.connect(connection);
    await run();

    expect(api.callers).toEqual(['plugin:catalog']);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.type).toBe('full');
    expect(
      mutation.entities.map((e: any) => [
        e.entity.metadata.name,
        e.entity.metadata.annotations['complete-clusters.io/phase'],
        e.locationKey,
      ]),
    ).toEqual([
      ['dev-ai-1', 'Ready', 'complete-clusters'],
      ['test-ai-1', 'Pending', 'complete-clusters'],
    ]);
    expect(
      mutation.entities[0].entity.metadata.annotations[
        'backstage.io/managed-by-location'
      ],
    ).toBe(
      'url:https://backstage.example.com/api/complete-clusters/clusters/dev-ai-1',
    );

    // The phase follows the backend at the next run, as a change.
    api.answer = {
      status: 200,
      body: {
        items: [
          aCluster({
            name: 'dev-ai-1',
            phase: 'Failed',
            statusMessage: 'Quota',
            updatedAt: '2025-01-01T00:11:00.000Z',
          }),
        ],
      },
    };
    await run();
    const next = connection.applyMutation.mock.calls[1][0];
    expect(next.type).toBe('delta');
    expect(
      next.added.map(
        (e: any) => e.entity.metadata.annotations['complete-clusters.io/phase'],
      ),
    ).toEqual(['Failed']);
  });

  it('publishes nothing when there are no clusters', async () => {
    const { provider, connection, run } = setup();
    api.answer = { status: 200, body: { items: [] } };
    await provider.connect(connection);
    await run();
    expect(connection.applyMutation).toHaveBeenCalledWith({
      type: 'full',
      entities: [],
    });
  });

  it.each([
    [
      'a server error',
      {
        status: 500,
        body: { error: { name: 'Error', message: 'database is down' } },
      },
      /500/,
    ],
    [
      'an answer without items',
      { status: 200, body: { clusters: [] } },
      /expected \{ items: Cluster\[\] \}/,
    ],
  ])(
    'keeps the catalog as it is and logs an error on %s',
    async (_what, answer, expected) => {
      const { provider, connection, logger, run } = setup();
      api.answer = answer;
      await provider.connect(connection);
      await run();

      expect(connection.applyMutation).not.toHaveBeenCalled();
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(logger.error.mock.calls[0][0]).toMatch(
        /^Could not list clusters from the complete-clusters backend; the catalog keeps the clusters it has/,
      );
      expect(logger.error.mock.calls[0][0]).toMatch(expected);

      // The same failure every 3 seconds is logged once, and the recovery is said.
      await run();
      expect(logger.error).toHaveBeenCalledTimes(1);
      expect(connection.applyMutation).not.toHaveBeenCalled();
      api.answer = { status: 200, body: { items: [aCluster()] } };
      await run();
      expect(connection.applyMutation).toHaveBeenCalledTimes(1);
      expect(logger.info).toHaveBeenCalledWith(
        'Listing clusters from the complete-clusters backend works again',
      );
    },
  );

  it('keeps the catalog as it is when the backend cannot be reached', async () => {
    const { provider, connection, logger, run } = setup(
      {},
      'http://127.0.0.1:1/api/complete-clusters',
    );
    await provider.connect(connection);
    await run();

    expect(connection.applyMutation).not.toHaveBeenCalled();
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Could not list clusters from the complete-clusters backend/,
      ),
    );
  });

  it('skips a cluster the catalog would refuse, naming the cluster and the field, and publishes the others', async () => {
    const { provider, connection, logger, run } = setup();
    api.answer = {
      status: 200,
      body: {
        items: [
          aCluster({ name: 'dev-ai-1' }),
          aCluster({ name: 'Bad Name!' }),
          aCluster({ name: 'no-owner', ownerRef: 'user:' }),
          aCluster({ name: 'dev-ai-1', phase: 'Pending' }),
          aCluster({ name: 'test-ai-2' }),
          aCluster({ name: 'odd-env', environment: 'Dev Env' }),
        ],
      },
    };
    await provider.connect(connection);
    await run();

    const mutation = connection.applyMutation.mock.calls[0][0];
    expect(mutation.entities.map((e: any) => e.entity.metadata.name)).toEqual([
      'dev-ai-1',
      'test-ai-2',
    ]);
    const warnings = logger.warn.mock.calls.map(c => c[0]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Skipped cluster "Bad Name!" from the complete-clusters API, it is not published in the catalog: "metadata.name" is not valid/,
      ),
      expect.stringMatching(
        /^Skipped cluster "no-owner" .*: spec.owner: Entity reference "user:"/,
      ),
      expect.stringMatching(
        /^Skipped cluster "dev-ai-1" .*: name: "dev-ai-1" is listed more than once/,
      ),
      expect.stringMatching(
        /^Skipped cluster "odd-env" .*: "tags.0" is not valid; .* but found "Dev Env"/,
      ),
    ]);
    expect(logger.info).toHaveBeenCalledWith(
      'Published 2 cluster(s) in the catalog, skipped 4',
    );

    // The same bad items every 3 seconds are not warned about again, and nothing changed: no mutation.
    await run();
    expect(logger.warn).toHaveBeenCalledTimes(4);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  describe('follows changes, not the clock', () => {
    const at = (minute: number) =>
      `2025-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
    const names = (entities: any[]) =>
      entities.map(e => e.entity.metadata.name);

    it('applies only the clusters changed since its last run, as a delta, and removes a deleted one', async () => {
      const { provider, connection, run } = setup();
      api.queries.length = 0;
      const a = aCluster({ name: 'dev-a', updatedAt: at(10) });
      const b = aCluster({ name: 'dev-b', updatedAt: at(10) });
      api.answer = { status: 200, body: { items: [a, b] } };
      await provider.connect(connection);
      await run();
      expect(connection.applyMutation).toHaveBeenCalledTimes(1);
      expect(connection.applyMutation.mock.calls[0][0].type).toBe('full');
      expect(api.queries[0]).not.toContain('changedSince');

      // Nothing changed: the backend is asked for changes only, and the catalog is left alone.
      await run();
      expect(new URLSearchParams(api.queries[1]).get('changedSince')).toBe(
        '2025-01-01T00:09:50.000Z',
      );
      expect(connection.applyMutation).toHaveBeenCalledTimes(1);

      // One changes and one is new: those two, as a delta.
      const b2 = aCluster({
        name: 'dev-b',
        phase: 'Failed',
        updatedAt: at(12),
      });
      const c = aCluster({
        name: 'dev-c',
        phase: 'Pending',
        updatedAt: at(12),
      });
      api.answer = { status: 200, body: { items: [a, b2, c] } };
      await run();
      expect(connection.applyMutation).toHaveBeenCalledTimes(2);
      const delta = connection.applyMutation.mock.calls[1][0];
      expect(delta.type).toBe('delta');
      expect(names(delta.added)).toEqual(['dev-b', 'dev-c']);
      expect(delta.removed).toEqual([]);

      // One is deleted: it leaves the catalog, nothing else is touched.
      const a2 = aCluster({
        name: 'dev-a',
        phase: 'Deleted',
        updatedAt: at(14),
      });
      api.answer = { status: 200, body: { items: [a2, b2, c] } };
      await run();
      expect(connection.applyMutation).toHaveBeenCalledTimes(3);
      expect(connection.applyMutation.mock.calls[2][0]).toEqual({
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: 'resource:default/dev-a',
            locationKey: 'complete-clusters',
          },
        ],
      });
      expect(
        connection.applyMutation.mock.calls.filter(
          ([m]: any[]) => m.type === 'full',
        ),
      ).toHaveLength(1);

      // Found again in the overlap of the next run, the deletion is not applied twice.
      await run();
      expect(connection.applyMutation).toHaveBeenCalledTimes(3);
    });

    it('publishes a second change made in the same second as the first (SQLite keeps whole seconds)', async () => {
      const { provider, connection, run } = setup();
      const building = aCluster({
        name: 'dev-s',
        phase: 'Applications',
        updatedAt: at(20),
      });
      api.answer = { status: 200, body: { items: [building] } };
      await provider.connect(connection);
      await run();
      expect(connection.applyMutation).toHaveBeenCalledTimes(1);
      // Ready within the same second: the same updatedAt, another cluster.
      const ready = aCluster({
        name: 'dev-s',
        phase: 'Ready',
        updatedAt: at(20),
      });
      api.answer = { status: 200, body: { items: [ready] } };
      await run();
      expect(connection.applyMutation).toHaveBeenCalledTimes(2);
      const delta = connection.applyMutation.mock.calls[1][0];
      expect(delta.type).toBe('delta');
      expect(
        delta.added.map(
          (e: any) =>
            e.entity.metadata.annotations['complete-clusters.io/phase'],
        ),
      ).toEqual(['Ready']);
      // Found again unchanged, it is not applied again.
      await run();
      expect(connection.applyMutation).toHaveBeenCalledTimes(2);
    });

    it('removes a deleted cluster that another replica published', async () => {
      // Replica one publishes the cluster in full; replica two, already past its own full sync, sees it deleted.
      const two = setup();
      api.answer = { status: 200, body: { items: [] } };
      await two.provider.connect(two.connection);
      await two.run();
      api.answer = {
        status: 200,
        body: {
          items: [
            aCluster({
              name: 'dev-a',
              phase: 'Deleted',
              updatedAt: new Date().toISOString(),
            }),
          ],
        },
      };
      await two.run();
      expect(two.connection.applyMutation).toHaveBeenLastCalledWith({
        type: 'delta',
        added: [],
        removed: [
          {
            entityRef: 'resource:default/dev-a',
            locationKey: 'complete-clusters',
          },
        ],
      });
    });

    it('does a full sync first after a restart', async () => {
      const before = setup();
      api.answer = {
        status: 200,
        body: { items: [aCluster({ name: 'dev-a', updatedAt: at(10) })] },
      };
      await before.provider.connect(before.connection);
      await before.run();
      await before.run();
      expect(before.connection.applyMutation).toHaveBeenCalledTimes(1);

      // A new provider (the backend restarted) knows nothing of the catalog: everything, in full.
      const after = setup();
      api.queries.length = 0;
      await after.provider.connect(after.connection);
      await after.run();
      expect(api.queries[0]).not.toContain('changedSince');
      expect(after.connection.applyMutation).toHaveBeenCalledWith({
        type: 'full',
        entities: [
          expect.objectContaining({ locationKey: 'complete-clusters' }),
        ],
      });
    });

    it('resyncs in full every completeClusters.catalog.fullSyncMinutes', async () => {
      const { provider, connection, run } = setup({
        completeClusters: { catalog: { fullSyncMinutes: 0.0001 } },
      });
      api.answer = {
        status: 200,
        body: { items: [aCluster({ name: 'dev-a', updatedAt: at(10) })] },
      };
      await provider.connect(connection);
      await run();
      await new Promise(r => setTimeout(r, 20));
      await run();
      expect(
        connection.applyMutation.mock.calls.map(([m]: any[]) => m.type),
      ).toEqual(['full', 'full']);
    });

    it('refuses a fullSyncMinutes that is not a positive number, naming the key', () => {
      expect(() =>
        setup({ completeClusters: { catalog: { fullSyncMinutes: 0 } } }),
      ).toThrow(
        /completeClusters\.catalog\.fullSyncMinutes: 0 is not a positive number/,
      );
    });
  });
});

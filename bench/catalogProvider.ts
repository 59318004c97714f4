/* eslint-disable no-console */
/**
 * Catalog provider benchmark (issue 15, item 6): the cost of one cycle of the
 * real catalog provider (ClusterEntityProvider of the catalog module) against
 * the real complete-clusters backend plugin holding 10,000 clusters, in one
 * process. The clusters are made with the real store and migrations on
 * SQLite (a file, as the embedded default keeps it), Ready, with the
 * developer example template's spec, their last changes spread one second
 * apart and ending an hour ago (a fleet at rest). The provider is connected
 * to a recording EntityProviderConnection that counts the mutations it
 * applies by type, so the figures are the provider's side of a cycle (its
 * GET /clusters pages, served by the plugin in this process, and the entities
 * it builds), not what the catalog then does with them. Prints, for:
 *
 *  1. a full resync (the first cycle of a provider: every cluster), once in
 *     a cold process, then the median and worst of three;
 *  2. a steady-state cycle with nothing changed (median and worst of several);
 *  3. a cycle after 100 clusters changed (a delta of 100);
 *
 * the time, the peak RSS and heap during the cycle, the heap the provider
 * keeps after it, the GET /clusters requests and bytes, and the mutations
 * applied by type with their entities.
 *
 * Run: ./portal yarn bench:catalog   (options: BENCH_CATALOG_CLUSTERS (10000),
 * BENCH_CATALOG_CHANGED (100), BENCH_CATALOG_RUNS (10 steady-state cycles))
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import { parse } from 'yaml';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { applyParameters } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterTemplateEntity } from '@complete-clusters/plugin-complete-clusters-common';
import completeClustersPlugin from '@complete-clusters/plugin-complete-clusters-backend';
import {
  azureIdsFor,
  DatabaseClusterStore,
} from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import { ClusterEntityProvider } from '@complete-clusters/plugin-catalog-backend-module-complete-clusters';
import { BENCH_SUBSCRIPTION, completeClustersConfig } from './portalBackend';
import { sqliteFile } from './sqliteFile';

const CLUSTERS = Number(process.env.BENCH_CATALOG_CLUSTERS ?? 10_000);
const CHANGED = Number(process.env.BENCH_CATALOG_CHANGED ?? 100);
const RUNS = Number(process.env.BENCH_CATALOG_RUNS ?? 10);

const quietLogger: LoggerService = {
  info() {},
  debug() {},
  warn: (m: string) => console.warn(m),
  error: (m: string) => console.error(m),
  child: () => quietLogger,
};

const template: ClusterTemplateEntity = parse(
  fs.readFileSync(
    path.resolve(__dirname, '../examples/cluster-templates/developer.yaml'),
    'utf8',
  ),
);

/** Counts what the provider hands the catalog, by mutation type. */
class RecordingConnection implements EntityProviderConnection {
  full = 0;
  delta = 0;
  fullEntities = 0;
  added = 0;
  removed = 0;
  async applyMutation(mutation: EntityProviderMutation): Promise<void> {
    if (mutation.type === 'full') {
      this.full++;
      this.fullEntities += mutation.entities.length;
    } else {
      this.delta++;
      this.added += mutation.added.length;
      this.removed += mutation.removed.length;
    }
  }
  async refresh(): Promise<void> {}
  take() {
    const seen = {
      full: this.full,
      delta: this.delta,
      fullEntities: this.fullEntities,
      added: this.added,
      removed: this.removed,
    };
    this.full = this.delta = this.fullEntities = this.added = this.removed = 0;
    return seen;
  }
}

/** The GET /clusters requests the provider sends and the bytes it reads. */
const wire = { requests: 0, bytes: 0 };
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const response = await realFetch(input, init);
  if (
    String(input instanceof Request ? input.url : input).includes('/clusters')
  ) {
    wire.requests++;
    wire.bytes += Number(response.headers.get('content-length') ?? 0);
  }
  return response;
};

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heapAfterGc = () => {
  gc();
  return process.memoryUsage().heapUsed;
};
const MiB = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

/** Times `work`, sampling the process's memory while it runs. */
async function measured(work: () => Promise<void>) {
  const before = heapAfterGc();
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 10);
  const requests = wire.requests;
  const bytes = wire.bytes;
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  return {
    ms,
    rss,
    heap,
    kept: heapAfterGc() - before,
    requests: wire.requests - requests,
    bytes: wire.bytes - bytes,
  };
}

async function main() {
  const { knex, remove } = sqliteFile('bench-catalog-');
  const store = await DatabaseClusterStore.create({
    database: mockServices.database({ knex }),
  });
  const spec = applyParameters('developer', template.spec, {});
  const requester = 'user:default/bench';
  const settings = {
    subscriptionId: BENCH_SUBSCRIPTION,
    resourceGroupPrefix: 'rg-',
  };
  const names = Array.from(
    { length: CLUSTERS },
    (_, i) => `fleet-${String(i).padStart(5, '0')}`,
  );
  const started = performance.now();
  for (let i = 0; i < CLUSTERS; i += 100) {
    await Promise.all(
      names.slice(i, i + 100).map(name =>
        store.requestCluster({
          name,
          templateRef: 'clustertemplate:default/developer',
          templateVersion: spec.version,
          parameters: {},
          spec,
          requestedBy: requester,
          ownerRef: requester,
          principals: {},
          azure: azureIdsFor(settings, name, spec.infrastructure.location),
        }),
      ),
    );
  }
  // Ready, each last changed one second after the one before, the newest an hour ago (SQLite's CURRENT_TIMESTAMP form).
  const newest = Date.now() - 3600_000;
  await knex.transaction(async trx => {
    for (const [i, name] of names.entries()) {
      const at = new Date(newest - (CLUSTERS - 1 - i) * 1000)
        .toISOString()
        .replace('T', ' ')
        .slice(0, 19);
      await trx('cluster_requests')
        .where({ name })
        .update({ phase: 'Ready', updated_at: at });
    }
  });
  console.log(
    `${CLUSTERS.toLocaleString('en')} Ready clusters made in ${(
      (performance.now() - started) /
      1000
    ).toFixed(1)} s through the store (SQLite file); load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );

  // The real plugin on that database, its schedules held (no engine, drift or expiry runs beside the cycles).
  const backend = await startTestBackend({
    features: [
      completeClustersPlugin,
      // The catalog as the plugin reads it: the template of the clusters.
      catalogServiceMock.factory({
        entities: [
          {
            ...template,
            metadata: { namespace: 'default', ...template.metadata },
          },
        ],
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      createServiceFactory({
        service: coreServices.database,
        deps: {},
        factory: () => mockServices.database({ knex }),
      }),
      mockServices.rootConfig.factory({
        data: {
          completeClusters: completeClustersConfig({
            url: 'https://127.0.0.1:1',
          }),
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const baseUrl = `http://localhost:${port}/api/complete-clusters`;
  const discovery: DiscoveryService = {
    getBaseUrl: async () => baseUrl,
    getExternalBaseUrl: async () => baseUrl,
  };
  const auth = {
    getOwnServiceCredentials: async () => mockCredentials.service(),
    getPluginRequestToken: async () => ({
      token: mockCredentials.service.token(),
    }),
  } as unknown as AuthService;

  /** A provider as the catalog module makes it, each of its runs started here rather than by the schedule. */
  async function connectedProvider() {
    let run: SchedulerServiceTaskFunction | undefined;
    const scheduler = {
      createScheduledTaskRunner: () => ({
        run: async (task: { fn: SchedulerServiceTaskFunction }) => {
          run = task.fn;
        },
      }),
    } as unknown as SchedulerService;
    const provider = ClusterEntityProvider.fromConfig(new ConfigReader({}), {
      logger: quietLogger,
      scheduler,
      discovery,
      auth,
    });
    const connection = new RecordingConnection();
    await provider.connect(connection);
    return {
      provider,
      connection,
      cycle: async () => {
        await run!(new AbortController().signal);
      },
    };
  }

  const line = (
    label: string,
    m: Awaited<ReturnType<typeof measured>>,
    mutations: ReturnType<RecordingConnection['take']>,
  ) =>
    console.log(
      `${label.padEnd(34)} ${`${m.ms.toFixed(0)} ms`.padStart(
        8,
      )}  peak RSS ${MiB(m.rss)} MiB, heap ${MiB(m.heap)} MiB, kept ${(
        m.kept /
        2 ** 20
      ).toFixed(1)} MiB  GET /clusters ${m.requests} (${(
        m.bytes / 1024
      ).toFixed(0)} KiB)  mutations: ${mutations.full} full (${
        mutations.fullEntities
      } entities), ${mutations.delta} delta (${mutations.added} added, ${
        mutations.removed
      } removed)`,
    );

  try {
    console.log('\nThe provider against the plugin, one cycle each:');
    // A first provider warms the process (JIT, the plugin's first queries); its full resync is shown as cold.
    const cold = await connectedProvider();
    const coldRun = await measured(cold.cycle);
    line('full resync (cold process)', coldRun, cold.connection.take());

    // Three more full resyncs, each a fresh provider's first cycle; the last provider goes on.
    let provider!: Awaited<ReturnType<typeof connectedProvider>>;
    const fulls: Array<Awaited<ReturnType<typeof measured>>> = [];
    const fullMutations = {
      full: 0,
      delta: 0,
      fullEntities: 0,
      added: 0,
      removed: 0,
    };
    for (let i = 0; i < 3; i++) {
      provider = await connectedProvider();
      fulls.push(await measured(provider.cycle));
      const m = provider.connection.take();
      for (const k of Object.keys(m) as Array<keyof typeof m>)
        fullMutations[k] += m[k];
    }
    fulls.sort((a, b) => a.ms - b.ms);
    line('full resync, warm, median of 3', fulls[1], fullMutations);
    console.log(
      `${''.padEnd(34)} worst ${fulls[2].ms.toFixed(
        0,
      )} ms; the mutations are the sum over the 3 resyncs`,
    );
    const { connection, cycle } = provider;

    const steady: Array<Awaited<ReturnType<typeof measured>>> = [];
    const steadyMutations = {
      full: 0,
      delta: 0,
      fullEntities: 0,
      added: 0,
      removed: 0,
    };
    for (let i = 0; i < RUNS; i++) {
      steady.push(await measured(cycle));
      const m = connection.take();
      for (const k of Object.keys(m) as Array<keyof typeof m>)
        steadyMutations[k] += m[k];
    }
    steady.sort((a, b) => a.ms - b.ms);
    const median = steady[Math.floor(steady.length / 2)];
    line(`nothing changed, median of ${RUNS}`, median, steadyMutations);
    console.log(
      `${''.padEnd(34)} worst ${steady[steady.length - 1].ms.toFixed(
        0,
      )} ms; the mutations are the sum over the ${RUNS} cycles`,
    );

    // Some clusters change in what their entity shows (a new owner): the next cycle hands them on.
    const changed = await store.listClusters({ phases: ['Ready'] });
    for (const c of changed.slice(0, CHANGED))
      await store.updateCluster(c.id, {
        ownerRef: 'group:default/platform-team',
      });
    const delta = await measured(cycle);
    line(`after ${CHANGED} clusters changed`, delta, connection.take());
    const after = await measured(cycle);
    line('the cycle after that', after, connection.take());
  } finally {
    await backend.stop();
    await knex.destroy();
    remove();
  }
}

main().then(
  // The test backend leaves timers behind after stop(); the figures are printed.
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);

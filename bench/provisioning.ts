/* eslint-disable no-console */
/**
 * Provisioning benchmark: the real engine (store on SQLite, reconciler, the
 * official Azure SDK) against the local Azure emulator. Prints figures:
 *
 *  1. one complete cluster (infrastructure, policies, applications) of each
 *     example template: time to Ready divided by the emulator's operation
 *     time, and ARM writes per cluster;
 *  2. fifty clusters requested at once, paced as the plugin paces them:
 *     total time divided by the floor the configured limits and a cluster's
 *     own chain of operations set, ARM writes issued, 429s received;
 *  3. ARM reads per poll of a long-running operation: every read the engine
 *     sent, divided by its reads of an operation in flight (its status, or
 *     its resource until seen ended);
 *  4. a developer cluster rebuilt in another region: time to Ready divided by
 *     the time of a fresh request of the same template, and the old
 *     cluster's deletion once confirmed.
 *
 * Run: ./portal yarn bench   (options: BENCH_OPERATION_MS, BENCH_CLUSTERS)
 */
import { randomUUID } from 'crypto';
import tls from 'tls';
import knexFactory from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createEmulator,
  emulatorAccessToken,
} from '@complete-clusters/azure-arm-emulator';
import { applyParameters } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterTemplateEntity } from '@complete-clusters/plugin-complete-clusters-common';
import type { PlatformSettings } from '@complete-clusters/plugin-complete-clusters-backend';
import type { Principals } from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import {
  azureIdsFor,
  createAzureClients,
  DatabaseClusterStore,
  dependencyFloor,
  readPacingSettings,
  Reconciler,
  reserveOf,
  SubscriptionPacer,
} from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import type { PacingBucket } from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import { ConfigReader } from '@backstage/config';
import { countingTransport } from './operationLooks';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';

const OPERATION_MS = Number(process.env.BENCH_OPERATION_MS ?? 3000);
const FLEET = Number(process.env.BENCH_CLUSTERS ?? 50);
const SUBSCRIPTION = '00000000-0000-0000-0000-0000000be4c4';
/** The portal's defaults: the engine polls an operation every second, the scheduler ticks every second. */
const ENGINE = {
  pollIntervalMs: 1000,
  leaseMs: 60_000,
  concurrency: 10,
  maxAttempts: 6,
};
const TICK_MS = 1000;

/** Warnings only: a benchmark's output is its figures. */
const quietLogger: any = {
  info() {},
  debug() {},
  warn: (m: string) => process.env.BENCH_VERBOSE && console.warn(m),
  error: (m: string) => console.error(m),
  child: () => quietLogger,
};

type TemplateName = 'developer' | 'testing' | 'production';
const templates = Object.fromEntries(
  (['developer', 'testing', 'production'] as const).map(name => [
    name,
    parse(
      fs.readFileSync(
        path.resolve(__dirname, `../examples/cluster-templates/${name}.yaml`),
        'utf8',
      ),
    ) as ClusterTemplateEntity,
  ]),
) as Record<TemplateName, ClusterTemplateEntity>;

const PLATFORM: PlatformSettings = {
  gitops: {
    url: 'https://github.com/example-org/complete-clusters',
    ref: { tag: 'v0.1.0' },
    path: 'gitops',
  },
  addons: {
    logAnalyticsWorkspaceResourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-logging/providers/Microsoft.OperationalInsights/workspaces/logs`,
  },
  applicationTimeoutMs: 600_000,
};

/** The bench requester and the platform team, as the service would resolve them from the catalog. */
const PRINCIPALS: Principals = {
  'user:default/bench': {
    objectId: '00000000-0000-0000-0000-00000000b001',
    type: 'User',
  },
  'group:default/platform-team': {
    objectId: '00000000-0000-0000-0000-00000000b002',
    type: 'Group',
  },
};

async function main() {
  const emulator = await createEmulator({
    operationDurationMs: OPERATION_MS,
    seed: 1,
  });
  tls.setDefaultCACertificates([
    ...tls.getCACertificates('default'),
    emulator.caPem!,
  ]);
  const settings = {
    subscriptionId: SUBSCRIPTION,
    endpoint: emulator.url,
    credential: {
      type: 'accessToken' as const,
      token: emulatorAccessToken({ expiresInSeconds: 24 * 3600 }),
    },
    resourceGroupPrefix: 'rg-',
  };
  const admin = (p: string, body?: unknown) =>
    fetch(
      `${emulator.url}/_emulator/${p}`,
      body === undefined
        ? { method: 'POST' }
        : {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          },
    );

  /** The configured pacing (the plugin's defaults: Azure's published limits). */
  const pacing = readPacingSettings(new ConfigReader({}));
  /**
   * The Azure clients as the plugin makes them, paced by the subscription's
   * buckets in `knex`, counting the tokens each bucket gave.
   */
  function pacedClients(knex: knexFactory.Knex) {
    const taken: Partial<Record<PacingBucket, number>> = {};
    class CountingPacer extends SubscriptionPacer {
      async take(subscriptionId: string, buckets: PacingBucket[]) {
        const waitMs = await super.take(subscriptionId, buckets);
        if (waitMs === 0)
          for (const bucket of buckets)
            taken[bucket] = (taken[bucket] ?? 0) + 1;
        return waitMs;
      }
    }
    const transport = countingTransport();
    const azure = createAzureClients(settings, {
      httpClient: transport.httpClient,
      pacing: {
        pacer: new CountingPacer(knex, pacing.limits),
        maxInlineWaitMs: pacing.maxInlineWaitMs,
      },
    });
    return { azure, taken, reads: transport.counts };
  }

  /**
   * The least time the configured limits allow for the requests a run sent:
   * per bucket, the tokens beyond what it holds at the start, at its refill
   * rate; the slowest bucket sets the floor.
   */
  function pacingFloor(taken: Partial<Record<PacingBucket, number>>) {
    let floor = { ms: 0, bucket: undefined as PacingBucket | undefined };
    for (const [bucket, count] of Object.entries(taken) as Array<
      [PacingBucket, number]
    >) {
      const { capacity, refillPerSecond } = pacing.limits[bucket];
      const usable = capacity - reserveOf(capacity);
      const ms = (Math.max(count - usable, 0) / refillPerSecond) * 1000;
      if (ms > floor.ms) floor = { ms, bucket };
    }
    return floor;
  }

  /** Requests `names` at once and runs the engine as the plugin does until all are Ready. */
  async function provision(
    label: string,
    names: string[],
    templateName: TemplateName = 'developer',
  ) {
    await admin('reset');
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    const { azure, taken, reads } = pacedClients(knex);
    const reconciler = new Reconciler({
      store,
      clientsFor: () => azure,
      settings: ENGINE,
      platform: PLATFORM,
      logger: quietLogger,
      workerId: 'bench',
    });
    const spec = templates[templateName].spec;
    const started = Date.now();
    await Promise.all(
      names.map(name =>
        store.requestCluster({
          name,
          templateRef: `clustertemplate:default/${templateName}`,
          templateVersion: spec.version,
          parameters: {},
          spec: applyParameters(templateName, spec, {}),
          requestedBy: 'user:default/bench',
          ownerRef: 'user:default/bench',
          principals: PRINCIPALS,
          azure: azureIdsFor(settings, name, spec.infrastructure.location),
        }),
      ),
    );
    void reconciler.wake(); // the plugin wakes the engine on each request
    const tick = setInterval(() => void reconciler.wake(), TICK_MS);
    let lastReport = Date.now();
    for (;;) {
      const clusters = await store.listClusters();
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        const phases: Record<string, number> = {};
        for (const c of clusters) phases[c.phase] = (phases[c.phase] ?? 0) + 1;
        console.log(
          `   ... ${label} after ${Math.round(
            (Date.now() - started) / 1000,
          )} s: ${JSON.stringify(phases)}`,
        );
        if (process.env.BENCH_VERBOSE) {
          for (const c of clusters.filter(
            x => x.phase === 'Policies' || x.phase === 'Applications',
          )) {
            console.log(
              `       ${c.name} ${c.phase}: ${c.statusMessage} | ${
                c.operationState ?? ''
              }`.slice(0, 400),
            );
          }
        }
      }
      const failed = clusters.filter(c => c.phase === 'Failed');
      if (failed.length)
        throw new Error(
          `${label}: ${failed[0].name} failed: ${failed[0].statusMessage}`,
        );
      if (clusters.every(c => c.phase === 'Ready')) break;
      await new Promise(r => setTimeout(r, 50));
    }
    const elapsedMs = Date.now() - started;
    clearInterval(tick);
    await reconciler.stop();
    // The longest chain of Azure operations that wait on one another: the managed cluster, then its components by dependsOn.
    const chain = dependencyFloor(
      (await store.getCluster(names[0]))!,
      PLATFORM,
    );
    const state = await (await fetch(`${emulator.url}/_emulator/state`)).json();
    await knex.destroy();
    return {
      elapsedMs,
      chain,
      taken,
      reads,
      stats: state.stats,
      config: state.config,
    };
  }

  /**
   * A developer cluster whose template offers two regions, requested and built,
   * then rebuilt in the other region as the API records it (new cluster and
   * links in one transaction), then the old one deleted as its owner confirms.
   */
  async function rebuildOne() {
    await admin('reset');
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const store = await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    const { azure } = pacedClients(knex);
    const reconciler = new Reconciler({
      store,
      clientsFor: () => azure,
      settings: ENGINE,
      platform: PLATFORM,
      logger: quietLogger,
      workerId: 'bench',
    });
    // The stock template offers its regions (a `region` parameter); without one, the bench adds two.
    const template = templates.developer.spec;
    const stock = template.parameters?.find(
      p => p.id === 'region' && (p.enum?.length ?? 0) >= 2,
    );
    const [from, to] = stock
      ? (stock.enum!.slice(0, 2) as string[])
      : ['southeastasia', 'eastasia'];
    const offered = stock
      ? template
      : {
          ...template,
          parameters: [
            ...(template.parameters ?? []),
            {
              id: 'region',
              field: 'infrastructure.location',
              title: 'Region',
              type: 'string' as const,
              enum: [from, to],
            },
          ],
        };
    const tick = setInterval(() => void reconciler.wake(), TICK_MS);
    const until = async (id: string, phase: string) => {
      for (;;) {
        const c = (await store.getClusterById(id))!;
        if (c.phase === 'Failed')
          throw new Error(`rebuild: ${c.name} failed: ${c.statusMessage}`);
        if (c.phase === phase) return;
        await new Promise(r => setTimeout(r, 50));
      }
    };
    const name = 'bench-rebuild';
    let started = Date.now();
    const { cluster: old } = await store.requestCluster({
      name,
      templateRef: 'clustertemplate:default/developer',
      templateVersion: template.version,
      parameters: { region: from },
      spec: applyParameters('developer', offered, { region: from }),
      requestedBy: 'user:default/bench',
      ownerRef: 'user:default/bench',
      principals: PRINCIPALS,
      azure: azureIdsFor(settings, name, from),
    });
    void reconciler.wake();
    await until(old.id, 'Ready');
    const freshMs = Date.now() - started;

    started = Date.now();
    const id = randomUUID();
    const parameters = { region: to };
    await store.rebuildCluster(
      old.id,
      {
        ...old,
        id,
        phase: 'Pending',
        parameters,
        spec: applyParameters('developer', old.spec, parameters),
        azure: azureIdsFor(
          { ...settings, resourceGroupSuffix: `-${id.slice(0, 8)}` },
          name,
          to,
        ),
      },
      {
        from: {
          clusterId: old.id,
          phase: 'Ready',
          level: 'info',
          message: `Rebuild in ${to}`,
        },
        to: {
          clusterId: id,
          phase: 'Pending',
          level: 'info',
          message: `Rebuilt from ${from}`,
        },
      },
      `Replaced by the rebuild in ${to}, waiting for your confirmation to delete`,
    );
    void reconciler.wake();
    await until(id, 'Ready');
    const rebuildMs = Date.now() - started;

    started = Date.now();
    await store.requestDeletion(old.id, {
      cause: 'user',
      by: 'user:default/bench',
    });
    void reconciler.wake();
    await until(old.id, 'Deleted');
    const deleteMs = Date.now() - started;
    clearInterval(tick);
    await reconciler.stop();
    await knex.destroy();
    return { freshMs, rebuildMs, deleteMs };
  }

  console.log(
    `Emulator operation time ${OPERATION_MS} ms; engine poll interval ${ENGINE.pollIntervalMs} ms, tick ${TICK_MS} ms, concurrency ${ENGINE.concurrency}`,
  );
  let one!: Awaited<ReturnType<typeof provision>>;
  console.log(
    `\n1. One complete cluster to Ready (infrastructure, policies, applications):`,
  );
  for (const name of ['developer', 'testing', 'production'] as const) {
    const run = await provision(`one ${name} cluster`, [`bench-${name}`], name);
    if (name === 'developer') one = run;
    const kinds = Object.entries(
      run.stats.writesByKind as Record<string, Record<string, number>>,
    )
      .map(
        ([kind, byMethod]) =>
          [kind, Object.values(byMethod).reduce((a, b) => a + b, 0)] as const,
      )
      .filter(([, n]) => n > 0)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ');
    const floorMs = run.chain * OPERATION_MS;
    console.log(
      `   ${name}: ${run.elapsedMs} ms to Ready = ${(
        run.elapsedMs / floorMs
      ).toFixed(2)} x its dependency floor (${
        run.chain
      } operations one after another, ${floorMs} ms); ${
        run.stats.writes
      } ARM writes (${kinds}); ${
        run.stats.operationsStarted
      } long-running operations`,
    );
  }

  const names = Array.from(
    { length: FLEET },
    (_, i) => `bench-${String(i + 1).padStart(3, '0')}`,
  );
  const fleet = await provision(`${FLEET} developer clusters`, names);
  const writes = fleet.stats.writes;
  console.log(
    `\n2. ${FLEET} developer clusters requested at once: ${
      fleet.elapsedMs
    } ms = ${(fleet.elapsedMs / one.elapsedMs).toFixed(
      2,
    )} x one cluster's time`,
  );
  console.log(
    `   ARM writes issued: ${writes} (${(writes / FLEET).toFixed(
      2,
    )} per cluster); 429s received: ${fleet.stats.throttled}`,
  );
  // The floor: a cluster's own chain of operations, or the configured limits on what the run sent, whichever is longer.
  // A developer cluster's last write starts an operation (its Flux configurations), so when the writes bucket binds,
  // the last write of the run is followed by one operation at least.
  const chainMs = fleet.chain * OPERATION_MS;
  const limited = pacingFloor(fleet.taken);
  const tailMs = limited.bucket === 'writes' ? OPERATION_MS : 0;
  const floorMs = Math.max(chainMs, limited.ms + tailMs);
  const spent = (Object.entries(fleet.taken) as Array<[PacingBucket, number]>)
    .map(([bucket, n]) => {
      const { capacity, refillPerSecond } = pacing.limits[bucket];
      return `${bucket} ${n} (${
        capacity - reserveOf(capacity)
      } at once, ${refillPerSecond}/s)`;
    })
    .join(', ');
  console.log(`   Requests per pacing bucket: ${spent}`);
  console.log(
    `   Floor ${(floorMs / 1000).toFixed(1)} s: ${
      limited.ms + tailMs > chainMs
        ? `the ${
            limited.bucket
          } bucket's configured limit on the requests sent (${(
            limited.ms / 1000
          ).toFixed(1)} s)${
            tailMs
              ? `, then the operation its last write starts (${
                  tailMs / 1000
                } s)`
              : ''
          }; one cluster's dependency floor is ${(chainMs / 1000).toFixed(1)} s`
        : `one cluster's dependency floor (${
            fleet.chain
          } operations one after another); the configured limits need ${(
            limited.ms / 1000
          ).toFixed(1)} s for the requests sent`
    }. The run took ${(fleet.elapsedMs / floorMs).toFixed(2)} x that floor`,
  );

  const perPoll = (run: typeof one) => {
    const { reads, looks, statusLooks } = run.reads;
    const counted = run.stats.reads;
    return `${(reads / Math.max(looks, 1)).toFixed(
      2,
    )} ARM reads per poll (${reads} reads, ${looks} of them polls of an operation in flight: ${statusLooks} of its status, ${
      looks - statusLooks
    } of its resource; ${reads - looks} other reads; ${
      run.stats.operationsStarted
    } operations; the emulator counted ${counted.operationPolls} status and ${
      counted.resources
    } resource reads)`;
  };
  console.log(`\n3. ARM reads per long-running-operation poll:`);
  console.log(`   one developer cluster: ${perPoll(one)}`);
  console.log(`   ${FLEET} developer clusters: ${perPoll(fleet)}`);

  const moved = await rebuildOne();
  console.log(
    `\n4. A developer cluster rebuilt in another region: ${
      moved.rebuildMs
    } ms to Ready = ${(moved.rebuildMs / moved.freshMs).toFixed(
      2,
    )} x a fresh request of the same template (${
      moved.freshMs
    } ms, same run); the old cluster deleted ${
      moved.deleteMs
    } ms after its owner confirms`,
  );
  await emulator.close();
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});

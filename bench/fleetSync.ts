/* eslint-disable no-console */
/**
 * Fleet sync benchmark: the real drift detector (store on SQLite, official
 * Azure SDK) against the emulator holding a fleet of complete clusters in
 * several subscriptions, built with the engine's own Azure calls. Prints:
 *
 *  1. one sync cycle over the whole fleet: ARM reads, time, peak memory;
 *  2. the catalog's own ingestion of the same number of entities from a file, for comparison;
 *  3. drift made behind the portal's back on some clusters: found in one cycle, and how long it took.
 *
 * Run: ./portal yarn bench:fleet   (options: BENCH_FLEET_CLUSTERS (10000), BENCH_FLEET_SUBSCRIPTIONS (10),
 * BENCH_FLEET_DRIFTED (100), BENCH_FLEET_DEEP (20 targeted reads per subscription and cycle))
 */
import http from 'http';
import type { AddressInfo } from 'net';
import fs from 'fs';
import os from 'os';
import path from 'path';
import tls from 'tls';
import request from 'supertest';
import { parse } from 'yaml';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  createEmulator,
  emulatorAccessToken,
} from '@complete-clusters/azure-arm-emulator';
import { applyParameters } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterTemplateEntity } from '@complete-clusters/plugin-complete-clusters-common';
import type { PlatformSettings } from '@complete-clusters/plugin-complete-clusters-backend';
import type { AzureClients } from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import {
  azureIdsFor,
  createAzureClients,
  createDriftCheck,
  DatabaseClusterStore,
  seedClusterInAzure,
} from '@complete-clusters/plugin-complete-clusters-backend/testUtils';
import { sqliteFile } from './sqliteFile';

const FLEET = Number(process.env.BENCH_FLEET_CLUSTERS ?? 10_000);
const SUBSCRIPTIONS = Number(process.env.BENCH_FLEET_SUBSCRIPTIONS ?? 10);
const DRIFTED = Number(process.env.BENCH_FLEET_DRIFTED ?? 100);
const DEEP = Number(process.env.BENCH_FLEET_DEEP ?? 20);
const PARALLEL = 32;

const quietLogger: any = {
  info() {},
  debug() {},
  warn: (m: string) => process.env.BENCH_VERBOSE && console.warn(m),
  error: console.error,
  child: () => quietLogger,
};
const template: ClusterTemplateEntity = parse(
  fs.readFileSync(
    path.resolve(__dirname, '../examples/cluster-templates/developer.yaml'),
    'utf8',
  ),
);
const subscription = (i: number) =>
  `00000000-0000-0000-0000-${String(0xf1ee7000 + i).padStart(12, '0')}`;
const PLATFORM: PlatformSettings = {
  gitops: {
    url: 'https://github.com/example-org/complete-clusters',
    ref: { tag: 'v0.1.0' },
    path: 'gitops',
  },
  addons: {},
  applicationTimeoutMs: 600_000,
};

async function inBatches<T>(items: T[], work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Samples the process's memory while `work` runs; returns the peak RSS and heap in MiB. */
async function measured<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; rssMiB: number; heapMiB: number }> {
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(timer);
  return { result, ms, rssMiB: rss / 2 ** 20, heapMiB: heap / 2 ** 20 };
}

async function main() {
  const emulator = await createEmulator({
    operationDurationMs: 0,
    retryAfterSeconds: 0,
    seed: 1,
    pageSize: 100,
    subscriptions: Array.from({ length: SUBSCRIPTIONS }, (_, i) =>
      subscription(i),
    ),
  });
  tls.setDefaultCACertificates([
    ...tls.getCACertificates('default'),
    emulator.caPem!,
  ]);
  const defaults = { ...emulator.config.throttling };
  // Building the fleet is not what is measured: lift Azure's limits while the clusters are made.
  emulator.configure({
    throttling: Object.fromEntries(
      Object.keys(defaults).map(k => [
        k,
        { capacity: 1e9, refillPerSecond: 1e9 },
      ]),
    ),
  });
  const settingsFor = (sub: string) => ({
    subscriptionId: sub,
    endpoint: emulator.url,
    credential: {
      type: 'accessToken' as const,
      token: emulatorAccessToken({ expiresInSeconds: 24 * 3600 }),
    },
    resourceGroupPrefix: 'rg-',
  });
  const clients = new Map<string, AzureClients>();
  const clientsFor = (sub: string) =>
    clients.get(sub) ??
    clients.set(sub, createAzureClients(settingsFor(sub))).get(sub)!;

  const { knex, remove } = sqliteFile('bench-fleet-');
  const store = await DatabaseClusterStore.create({
    database: mockServices.database({ knex }),
  });
  const spec = applyParameters('developer', template.spec, {});
  const requester = 'user:default/bench';
  const principals = {
    [requester]: {
      objectId: '00000000-0000-0000-0000-00000000b001',
      type: 'User' as const,
    },
  };

  console.log(
    `Building ${FLEET} developer clusters in ${SUBSCRIPTIONS} subscriptions with the engine's own Azure calls ...`,
  );
  const built = performance.now();
  const names = Array.from(
    { length: FLEET },
    (_, i) => `fleet-${String(i).padStart(5, '0')}`,
  );
  const deepPerSub = new Map<string, number>();
  let done = 0;
  await inBatches(names, async name => {
    const sub = subscription(Number(name.slice(6)) % SUBSCRIPTIONS);
    const azure = clientsFor(sub);
    const ids = azureIdsFor(
      settingsFor(sub),
      name,
      spec.infrastructure.location,
    );
    const record = {
      name,
      templateRef: 'clustertemplate:default/developer',
      templateVersion: spec.version,
      parameters: {},
      spec,
      requestedBy: requester,
      ownerRef: requester,
      principals,
      azure: ids,
    };
    const { cluster } = await store.requestCluster(record);
    // The policies and grants of every cluster; the GitOps components only where the first cycle reads them.
    const withGitOps = (deepPerSub.get(sub) ?? 0) < 2 * DEEP; // the clusters the two measured cycles read
    if (withGitOps) deepPerSub.set(sub, (deepPerSub.get(sub) ?? 0) + 1);
    await seedClusterInAzure(azure, record, PLATFORM, { gitOps: withGitOps });
    await store.updateCluster(cluster.id, { phase: 'Ready' });
    if (++done % 1000 === 0) console.log(`   ... ${done} clusters`);
  });
  const state = emulator.state;
  console.log(
    `   built in ${Math.round((performance.now() - built) / 1000)} s: ${
      state.resources.size
    } Azure resources in the emulator\n`,
  );
  emulator.configure({ throttling: defaults });

  const detector = createDriftCheck({
    store,
    clientsFor,
    platform: PLATFORM,
    logger: quietLogger,
    deepChecksPerCycle: DEEP,
  });
  const statsBefore = JSON.parse(JSON.stringify(emulator.state.stats));
  const first = await measured(() => detector.runCycle());
  const reads =
    emulator.state.stats.reads.resources - statsBefore.reads.resources;
  const throttled = emulator.state.stats.throttled - statsBefore.throttled;
  // The emulator answers in this process; Azure would answer elsewhere.
  const emulatorMs = emulator.state.stats.handlingMs - statsBefore.handlingMs;
  console.log(
    `1. One drift sync cycle over ${first.result.clusters} clusters in ${first.result.subscriptions} subscriptions:`,
  );
  console.log(
    `   ${reads} ARM reads (${(reads / first.result.subscriptions).toFixed(
      1,
    )} per subscription; ${
      first.result.deepChecked
    } clusters' GitOps components read, the rest from 3 paged lists per subscription); ${throttled} answered 429`,
  );
  console.log(
    `   ${Math.round(first.ms)} ms (${(
      (first.ms / first.result.clusters) *
      1000
    ).toFixed(0)} µs per cluster); peak RSS ${first.rssMiB.toFixed(
      0,
    )} MiB, peak heap ${first.heapMiB.toFixed(0)} MiB; ${
      first.result.drifted
    } clusters drifted`,
  );
  console.log(
    `   of which the emulator, in this process, spent ${Math.round(
      emulatorMs,
    )} ms answering; the portal's side: ${Math.round(
      first.ms - emulatorMs,
    )} ms`,
  );
  console.log(
    "   (this first cycle writes every cluster's first drift record; later cycles write only what changed)",
  );

  // The catalog's own ingestion of as many entities from one file.
  const catalogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-catalog-'));
  const file = path.join(catalogDir, 'fleet.yaml');
  fs.writeFileSync(
    file,
    names
      .map(
        n =>
          `apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata:\n  name: ${n}\n  annotations:\n    complete-clusters.io/phase: Ready\nspec:\n  type: kubernetes-cluster\n  owner: user:default/bench\n`,
      )
      .join('---\n'),
  );
  // Ingestion only: the catalog is started first, then the file is registered (over HTTP: the catalog's API
  // registers url locations only) and timed until every entity is in.
  const served = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/yaml' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>(resolve => served.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(served.address() as AddressInfo).port}`;
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      mockServices.rootConfig.factory({
        data: {
          backend: { reading: { allow: [{ host }] } },
          catalog: { rules: [{ allow: ['Resource', 'Location'] }] },
        },
      }),
    ],
  });
  const catalog = await measured(async () => {
    const registered = await request(backend.server)
      .post('/api/catalog/locations')
      .set('Authorization', 'Bearer mock-service-token')
      .send({ type: 'url', target: `http://${host}/fleet.yaml` });
    if (registered.status !== 201)
      throw new Error(
        `The catalog refused the location: ${
          registered.status
        } ${JSON.stringify(registered.body)}`,
      );
    for (;;) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query?filter=kind=resource&limit=1')
        .set('Authorization', 'Bearer mock-service-token');
      if (res.body.totalItems >= FLEET) break;
      await new Promise(r => setTimeout(r, 200));
    }
  });
  await backend.stop();
  served.close();
  console.log(
    `\n2. The catalog ingesting the same ${FLEET} entities from one file: ${Math.round(
      catalog.ms,
    )} ms; peak RSS ${catalog.rssMiB.toFixed(0)} MiB`,
  );
  console.log(
    `   one drift cycle took ${(first.ms / catalog.ms).toFixed(
      2,
    )} x the catalog's ingestion`,
  );

  // Drift behind the portal's back on some clusters: one cycle finds all of it.
  const drifted = names.slice(0, DRIFTED);
  for (const name of drifted) {
    const sub = subscription(Number(name.slice(6)) % SUBSCRIPTIONS);
    const id = `/subscriptions/${sub}/resourcegroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`;
    await fetch(
      `${emulator.url}/_emulator/resources?id=${encodeURIComponent(id)}`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          properties: { agentPoolProfiles: [{ name: 'gpu', maxCount: 9 }] },
        }),
      },
    );
  }
  const handlingBefore = emulator.state.stats.handlingMs;
  const detection = await measured(() => detector.runCycle());
  const detectionEmulatorMs = emulator.state.stats.handlingMs - handlingBefore;
  const found = (await store.listClusters({ phases: ['Ready'] })).filter(c =>
    c.drift?.items.some(i => i.field === 'nodePools.gpu.maxCount'),
  ).length;
  console.log(
    `\n3. Drift made on ${DRIFTED} clusters: the next cycle found it on ${found} (${
      detection.result.drifted
    } drifted in all) in ${Math.round(detection.ms)} ms`,
  );
  console.log(
    `   of which the emulator spent ${Math.round(
      detectionEmulatorMs,
    )} ms answering; peak RSS ${detection.rssMiB.toFixed(0)} MiB`,
  );

  await knex.destroy();
  await emulator.close();
  remove();
  fs.rmSync(catalogDir, { recursive: true, force: true });
}

main().then(
  // The catalog backend leaves timers behind after stop(); the figures are printed.
  () => process.exit(0),
  e => {
    console.error(e);
    process.exit(1);
  },
);

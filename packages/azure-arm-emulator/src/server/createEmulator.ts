import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { AZURE_REGIONS } from '../catalog/regions';
import { ArmError, errors } from '../errors';
import { FaultConfig, FaultInjector, noFaults } from '../faults/faults';
import {
  defaultThrottling,
  Throttler,
  ThrottlingConfig,
} from '../throttling/throttler';
import { applyConfig } from './admin';
import {
  EmulatorConfig,
  EmulatorContext,
  EmulatorState,
  emptyState,
  QuotaLimits,
  ResourceKind,
} from './context';
import { INVALID_BODY, route } from './router';
import {
  DEFAULT_SUBSCRIPTIONS,
  EmulatorSubscription,
  toSubscriptions,
} from '../resources/subscriptions';
import { KubernetesVersionsByRegion } from '../catalog/kubernetesVersions';
import { loadState, saveState } from './persistence';
import { createSelfSignedCertificate } from './tls';

export interface EmulatorOptions {
  /** Serve https with a generated self-signed certificate (default true). */
  tls?: boolean;
  /** Directory for the generated key and certificate (default: a temp dir). */
  certDir?: string;
  port?: number;
  host?: string;
  operationDurationMs?: number;
  operationDurationByType?: Partial<Record<ResourceKind, number>>;
  retryAfterSeconds?: number;
  faultRetryAfterSeconds?: number;
  pageSize?: number;
  throttling?: Partial<ThrottlingConfig>;
  faults?: Partial<FaultConfig>;
  /** Seed for deterministic fault injection. */
  seed?: number;
  defaultKubernetesVersion?: string;
  /** Regions resource groups and managed clusters may use (default: the Azure public regions). */
  locations?: string[];
  /**
   * vCPU quota by location (or `*`) and quota name (a VM family such as
   * `standardNCADSA100v4Family`, or `cores` for Total Regional vCPUs), e.g.
   * `{ southeastasia: { standardNCADSA100v4Family: 0 } }`.
   */
  quotas?: QuotaLimits;
  /** Limits where `quotas` says nothing (default 10000 vCPUs per family, 50000 per region), and managed clusters per region where `managedClusterQuota` says nothing (default 5000). */
  defaultQuota?: Partial<EmulatorConfig['defaultQuota']>;
  /** Managed clusters a subscription may have per location (or `*`), e.g. `{ centralindia: 3 }`. */
  managedClusterQuota?: Record<string, number>;
  /** VM sizes the subscription may not use, by location. */
  unavailableVmSizes?: Record<string, string[]>;
  /** Zones where the subscription may not use a VM size, by location and size. */
  unavailableVmSizeZones?: Record<string, Record<string, string[]>>;
  /**
   * Git URLs Flux fails to fetch, with the message Flux reports, e.g.
   * `{ 'https://github.com/org/private': "failed to checkout and determine revision: unable to clone 'https://github.com/org/private': authentication required" }`.
   */
  gitFailures?: Record<string, string>;
  /**
   * Subscriptions the emulator knows (default: every subscription id this
   * repository's configuration and tests use, `DEFAULT_SUBSCRIPTIONS`).
   * Requests for any other get 404 SubscriptionNotFound.
   */
  subscriptions?: Array<string | EmulatorSubscription>;
  /** Kubernetes minor versions offered by region, e.g. `{ southeastasia: ['1.32', '1.33'] }` (`*` for the rest). */
  kubernetesVersions?: KubernetesVersionsByRegion;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
  /**
   * Keep Azure's state across restarts: read from this file at start (if it
   * exists), written at close() with running operations finished. Default:
   * in memory only.
   */
  stateFile?: string;
}

export interface Emulator {
  /** Base URL, e.g. https://127.0.0.1:7443 */
  url: string;
  port: number;
  state: EmulatorState;
  /** The live configuration. */
  config: EmulatorConfig;
  /** Changes durations, faults, throttling at runtime. */
  configure(patch: Partial<EmulatorConfig> | Record<string, unknown>): void;
  /** PEM of the self-signed certificate (undefined with tls: false). */
  caPem?: string;
  certPath?: string;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
) {
  const requestId = randomUUID();
  const base: Record<string, string> = {
    'Cache-Control': 'no-cache',
    Pragma: 'no-cache',
    Expires: '-1',
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
    'x-ms-routing-request-id': `LOCAL:${new Date().toISOString()}:${requestId}`,
  };
  if (body !== undefined) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...base,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
  } else {
    res.writeHead(status, { ...base, 'Content-Length': '0', ...headers });
    res.end();
  }
}

export async function createEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator> {
  const now = options.now ?? Date.now;
  const config: EmulatorConfig = {
    operationDurationMs: options.operationDurationMs ?? 2000,
    operationDurationByType: options.operationDurationByType ?? {},
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    faultRetryAfterSeconds: options.faultRetryAfterSeconds ?? 1,
    pageSize: options.pageSize ?? 100,
    throttling: {
      ...defaultThrottling,
      ...options.throttling,
    },
    faults: {
      ...noFaults,
      ...options.faults,
      seed: options.seed ?? options.faults?.seed,
    },
    defaultKubernetesVersion: options.defaultKubernetesVersion ?? '1.33.3',
    locations: options.locations ?? [...AZURE_REGIONS],
    quotas: options.quotas ?? {},
    defaultQuota: {
      familyVCpus: 10000,
      totalRegionalVCpus: 50000,
      managedClustersPerRegion: 5000,
      ...options.defaultQuota,
    },
    managedClusterQuota: options.managedClusterQuota ?? {},
    unavailableVmSizes: options.unavailableVmSizes ?? {},
    unavailableVmSizeZones: options.unavailableVmSizeZones ?? {},
    gitFailures: options.gitFailures ?? {},
    subscriptions: options.subscriptions
      ? toSubscriptions(options.subscriptions)
      : [...DEFAULT_SUBSCRIPTIONS],
    kubernetesVersions: options.kubernetesVersions ?? {},
  };
  const ctx: EmulatorContext = {
    config,
    state: emptyState(now()),
    throttler: new Throttler(config.throttling, now),
    faults: new FaultInjector(config.faults),
    now,
  };
  if (options.stateFile) loadState(ctx, options.stateFile);

  const useTls = options.tls ?? true;
  const cert = useTls
    ? createSelfSignedCertificate(options.certDir)
    : undefined;
  const scheme = useTls ? 'https' : 'http';

  const listener = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    let status = 500;
    let headers: Record<string, string> = {};
    let body: unknown;
    let handlingStarted: number | undefined;
    try {
      const text = await readBody(req);
      let parsed: unknown;
      if (text.trim()) {
        try {
          parsed = JSON.parse(text);
        } catch {
          // Refused after authentication, as ARM does (401 before 400).
          parsed = INVALID_BODY;
        }
      }
      const host = req.headers.host ?? `127.0.0.1:${req.socket.localPort}`;
      // The Microsoft.Authorization SDKs build `/{scope}/providers/…` from a
      // scope that starts with '/', so paths arrive as `//subscriptions/…`;
      // ARM ignores the empty segment (and `new URL` must not read a host from it).
      const [rawPath, ...rawQuery] = (req.url ?? '/').split('?');
      const url = new URL(
        `${rawPath.replace(/\/{2,}/g, '/')}${
          rawQuery.length ? `?${rawQuery.join('?')}` : ''
        }`,
        `${scheme}://${host}`,
      );
      handlingStarted = performance.now();
      const result = route(ctx, {
        method: (req.method ?? 'GET').toUpperCase(),
        url,
        headers: req.headers,
        body: parsed,
        baseUrl: `${scheme}://${host}`,
      });
      if (result === 'drop') {
        req.socket.destroy();
        return;
      }
      status = result.status;
      headers = result.headers ?? {};
      body = result.body;
    } catch (e) {
      const err = e instanceof ArmError ? e : errors.internal();
      if (!(e instanceof ArmError)) {
        // eslint-disable-next-line no-console
        console.error('arm-emulator internal error', e);
      }
      status = err.status;
      headers = err.headers;
      body = err.toBody();
    }
    const api = !(req.url ?? '').startsWith('/_emulator/');
    if (api) {
      const counts = ctx.state.stats.responsesByStatus;
      counts[status] = (counts[status] ?? 0) + 1;
    }
    send(res, status, headers, req.method === 'HEAD' ? undefined : body);
    if (api && handlingStarted !== undefined)
      ctx.state.stats.handlingMs += performance.now() - handlingStarted;
  };

  const server: http.Server = cert
    ? https.createServer({ key: cert.key, cert: cert.cert }, listener)
    : http.createServer(listener);
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () =>
      resolve(),
    );
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl =
    options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  return {
    url: `${scheme}://${hostForUrl}:${port}`,
    port,
    get state() {
      return ctx.state;
    },
    get config() {
      return ctx.config;
    },
    configure: patch => applyConfig(ctx, patch as Record<string, any>),
    caPem: cert?.cert,
    certPath: cert?.certPath,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close(err => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      if (options.stateFile) saveState(ctx, options.stateFile);
    },
  };
}

/**
 * The portal's backend for the benchmarks, from the plugins' public packages
 * only: the catalog with the complete-clusters module, the example templates
 * and organisation, the real scheduler, and the complete-clusters plugin,
 * against an Azure emulator this process trusts.
 */
import path from 'path';
import tls from 'tls';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import {
  createEmulator,
  emulatorAccessToken,
} from '@complete-clusters/azure-arm-emulator';
import type {
  Emulator,
  EmulatorOptions,
} from '@complete-clusters/azure-arm-emulator';
import catalogModuleCompleteClusters from '@complete-clusters/plugin-catalog-backend-module-complete-clusters';
import completeClustersPlugin from '@complete-clusters/plugin-complete-clusters-backend';

export const EXAMPLES_DIR = path.resolve(__dirname, '../examples');
export const BENCH_SUBSCRIPTION = '00000000-0000-0000-0000-0000000be4c4';

/** The users who sign in, each with a stand-in Microsoft Entra object id. */
const USERS = [
  'user:default/alice',
  'user:default/bob',
  'user:default/carol',
  'user:default/paula',
];

/** Starts the emulator and makes this process trust its certificate, as NODE_EXTRA_CA_CERTS does for the portal. */
export async function startTrustedEmulator(
  options: EmulatorOptions = {},
): Promise<Emulator> {
  const emulator = await createEmulator({
    retryAfterSeconds: 0,
    faultRetryAfterSeconds: 0,
    seed: 1,
    ...options,
  });
  tls.setDefaultCACertificates([
    ...tls.getCACertificates('default'),
    emulator.caPem!,
  ]);
  return emulator;
}

/** The `completeClusters` configuration of a portal against the emulator. */
export function completeClustersConfig(emulator: Pick<Emulator, 'url'>) {
  return {
    azure: {
      subscriptionId: BENCH_SUBSCRIPTION,
      endpoint: emulator.url,
      credential: {
        type: 'accessToken',
        token: emulatorAccessToken({ expiresInSeconds: 24 * 3600 }),
      },
    },
    engine: { pollIntervalMs: 50 },
    // Prices from the emulator's Retail Prices API, never the internet.
    prices: { endpoint: emulator.url },
    gitops: {
      url: 'https://github.com/example-org/complete-clusters',
      ref: { tag: 'v0.1.0' },
      path: 'gitops',
    },
    addons: {
      logAnalyticsWorkspaceResourceId: `/subscriptions/${BENCH_SUBSCRIPTION}/resourceGroups/rg-logging/providers/Microsoft.OperationalInsights/workspaces/logs`,
    },
    principals: USERS.map((entityRef, i) => ({
      entityRef,
      objectId: `00000000-0000-0000-0000-${String(0xb001 + i).padStart(
        12,
        '0',
      )}`,
    })),
  };
}

/** The portal's backend with the example templates in its catalog, once they are there. */
export async function startPortalBackend(emulator: Emulator) {
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleCompleteClusters,
      completeClustersPlugin,
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            processingInterval: { seconds: 1 },
            rules: [
              {
                allow: [
                  'ClusterTemplate',
                  'Template',
                  'Location',
                  'Resource',
                  'User',
                  'Group',
                ],
              },
            ],
            locations: [
              ...['developer', 'testing', 'production'].map(n => ({
                type: 'file',
                target: path.join(
                  EXAMPLES_DIR,
                  'cluster-templates',
                  `${n}.yaml`,
                ),
              })),
              { type: 'file', target: path.join(EXAMPLES_DIR, 'org.yaml') },
            ],
          },
          completeClusters: completeClustersConfig(emulator),
        },
      }),
    ],
  });
  const asUser = (ref: string) => mockCredentials.user.header(ref);
  const wanted = [
    'clustertemplate/default/developer',
    'clustertemplate/default/testing',
    'clustertemplate/default/production',
    'group/default/platform-team',
  ];
  const deadline = Date.now() + 120_000;
  for (const name of wanted) {
    for (;;) {
      const res = await request(backend.server)
        .get(`/api/catalog/entities/by-name/${name}`)
        .set('Authorization', asUser(USERS[0]));
      if (res.status === 200) break;
      if (Date.now() > deadline)
        throw new Error(`${name} is not in the catalog after 120 s`);
      await new Promise(r => setTimeout(r, 200));
    }
  }
  return { backend, asUser, stop: () => backend.stop() };
}

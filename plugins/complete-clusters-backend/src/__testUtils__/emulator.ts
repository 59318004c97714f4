import tls from 'tls';
import {
  createEmulator,
  emulatorAccessToken,
} from '@complete-clusters/azure-arm-emulator';
import type {
  Emulator,
  EmulatorOptions,
} from '@complete-clusters/azure-arm-emulator';
import type { AzureSettings } from '../config/readAzureSettings';
import type { PlatformSettings } from '../config/readCompleteClustersConfig';

export const TEST_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000c1';
/** A second subscription, for tests of clusters that live in different subscriptions. */
export const OTHER_TEST_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000c2';

/**
 * Starts the local Azure emulator over https and makes this process trust its
 * certificate, as NODE_EXTRA_CA_CERTS does for the portal: the engine's Azure
 * clients are the production ones, unchanged.
 */
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

/**
 * The portal's Azure settings against the emulator, every cluster in
 * `subscriptionId`; that id is also given on its own, as clients and ids of
 * one subscription take it.
 */
export function emulatorSettings(
  emulator: Pick<Emulator, 'url'>,
  subscriptionId = TEST_SUBSCRIPTION,
): AzureSettings & { subscriptionId: string } {
  return {
    subscriptionId,
    subscriptions: {
      default: subscriptionId,
      byEnvironment: {},
      byTemplate: {},
    },
    endpoint: emulator.url,
    credential: {
      type: 'accessToken',
      token: emulatorAccessToken({ expiresInSeconds: 24 * 3600 }),
    },
    resourceGroupPrefix: 'rg-',
  };
}

/** What the emulator holds, read through its admin endpoint like any test client would. */
export async function emulatorState(emulator: Emulator): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator/state`);
  return response.json();
}

/** The managed clusters in the emulator's Azure as `name@region`, sorted (read behind any faults, as a test harness). */
export async function managedClustersInAzure(
  emulator: Emulator,
): Promise<string[]> {
  return (await emulatorState(emulator)).resources
    .filter((r: any) => /managedclusters$/i.test(r.type))
    .map((r: any) => `${r.name}@${r.location}`)
    .sort();
}

/** Where the tests' clusters pull the platform's GitOps content from, as a portal would configure it. */
export const TEST_PLATFORM: PlatformSettings = {
  gitops: {
    url: 'https://github.com/example-org/complete-clusters',
    ref: { tag: 'v0.1.0' },
    path: 'gitops',
  },
  addons: {
    logAnalyticsWorkspaceResourceId: `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-logging/providers/Microsoft.OperationalInsights/workspaces/central-logs`,
  },
  applicationTimeoutMs: 60_000,
};

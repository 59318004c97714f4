import tls from 'tls';
import { createEmulator } from '@complete-clusters/azure-arm-emulator';
import type { Emulator, EmulatorOptions } from '@complete-clusters/azure-arm-emulator';
import type { AzureSettings, PlatformSettings } from '../config/readCompleteClustersConfig';

export const TEST_SUBSCRIPTION = '00000000-0000-0000-0000-0000000000c1';

/**
 * Starts the local Azure emulator over https and makes this process trust its
 * certificate, as NODE_EXTRA_CA_CERTS does for the portal: the engine's Azure
 * clients are the production ones, unchanged.
 */
export async function startTrustedEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await createEmulator({ retryAfterSeconds: 0, faultRetryAfterSeconds: 0, seed: 1, ...options });
  tls.setDefaultCACertificates([...tls.getCACertificates('default'), emulator.caPem!]);
  return emulator;
}

export function emulatorSettings(emulator: Pick<Emulator, 'url'>): AzureSettings {
  return {
    subscriptionId: TEST_SUBSCRIPTION,
    endpoint: emulator.url,
    credential: { type: 'accessToken', token: 'test-token' },
    resourceGroupPrefix: 'rg-',
  };
}

/** What the emulator holds, read through its admin endpoint like any test client would. */
export async function emulatorState(emulator: Emulator): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator/state`);
  return response.json();
}

/** Where the tests' clusters pull the platform's GitOps content from, as a portal would configure it. */
export const TEST_PLATFORM: PlatformSettings = {
  gitops: { url: 'https://github.com/example-org/complete-clusters', ref: { tag: 'v0.1.0' }, path: 'gitops' },
  addons: {
    logAnalyticsWorkspaceResourceId: `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-logging/providers/Microsoft.OperationalInsights/workspaces/central-logs`,
  },
  applicationTimeoutMs: 60_000,
};

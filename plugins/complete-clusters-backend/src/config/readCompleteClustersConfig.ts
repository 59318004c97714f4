import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How the engine reaches Azure. */
export interface AzureSettings {
  subscriptionId: string;
  /** ARM endpoint; undefined means Azure public cloud (https://management.azure.com). */
  endpoint?: string;
  /** `default`: DefaultAzureCredential. `accessToken`: a bearer token given in config. */
  credential: { type: 'default' } | { type: 'accessToken'; token: string };
  /** Prefix of the resource group made for each cluster. */
  resourceGroupPrefix: string;
}

/** How the reconciler paces itself. */
export interface EngineSettings {
  /** Pause between two polls of one Azure operation when Azure gives no Retry-After. */
  pollIntervalMs: number;
  /** How long a replica holds a cluster before another may take over. */
  leaseMs: number;
  /** Clusters worked on at once by one replica. */
  concurrency: number;
  /** Attempts of one phase on errors Azure calls transient before the cluster is Failed. */
  maxAttempts: number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function configError(key: string, message: string, fix: string): InputError {
  return new InputError(`Invalid configuration ${key}: ${message}. Fix: ${fix}.`);
}

/** Reads `completeClusters.azure`, refusing what Azure would refuse later, naming the key. */
export function readAzureSettings(config: Config): AzureSettings {
  const azure = config.getOptionalConfig('completeClusters.azure');
  if (!azure) {
    throw configError(
      'completeClusters.azure',
      'missing',
      'set completeClusters.azure.subscriptionId (see README, "Configuration")',
    );
  }
  const subscriptionId = azure.getString('subscriptionId');
  if (!GUID.test(subscriptionId)) {
    throw configError(
      'completeClusters.azure.subscriptionId',
      `"${subscriptionId}" is not a subscription id`,
      'use the GUID shown by `az account show --query id`',
    );
  }
  const endpoint = azure.getOptionalString('endpoint');
  if (endpoint !== undefined && !/^https:\/\/[^/]+/.test(endpoint)) {
    throw configError(
      'completeClusters.azure.endpoint',
      `"${endpoint}" is not an https URL`,
      'give the Resource Manager URL, e.g. https://management.azure.com, or leave it out',
    );
  }
  const type = azure.getOptionalString('credential.type') ?? 'default';
  let credential: AzureSettings['credential'];
  if (type === 'default') {
    credential = { type };
  } else if (type === 'accessToken') {
    credential = { type, token: azure.getString('credential.token') };
  } else {
    throw configError(
      'completeClusters.azure.credential.type',
      `"${type}" is not a credential type`,
      'use "default" (DefaultAzureCredential) or "accessToken"',
    );
  }
  const resourceGroupPrefix = azure.getOptionalString('resourceGroupPrefix') ?? 'rg-';
  if (!/^[-\w._()]{0,26}$/.test(resourceGroupPrefix)) {
    throw configError(
      'completeClusters.azure.resourceGroupPrefix',
      `"${resourceGroupPrefix}" cannot start a resource group name`,
      'use up to 26 letters, digits, "-", "_", "." or parentheses',
    );
  }
  return { subscriptionId, endpoint, credential, resourceGroupPrefix };
}

/** Reads `completeClusters.engine`, with defaults that suit Azure. */
export function readEngineSettings(config: Config): EngineSettings {
  const engine = config.getOptionalConfig('completeClusters.engine');
  const positive = (key: string, fallback: number) => {
    const value = engine?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value <= 0) {
      throw configError(`completeClusters.engine.${key}`, `${value} is not a positive number`, 'give a number above 0');
    }
    return value;
  };
  return {
    pollIntervalMs: positive('pollIntervalMs', 5000),
    leaseMs: positive('leaseSeconds', 60) * 1000,
    concurrency: positive('concurrency', 10),
    maxAttempts: positive('maxAttempts', 6),
  };
}

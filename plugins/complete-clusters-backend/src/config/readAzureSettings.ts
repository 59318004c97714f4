import type { Config } from '@backstage/config';
import {
  CLUSTER_TEMPLATE_KIND,
  ENVIRONMENTS,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { Environment } from '@complete-clusters/plugin-complete-clusters-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { readTokenClaims } from '../azure/staticTokenCredential';
import { configError, GUID } from './readCompleteClustersConfig';

/**
 * How the portal signs in to Azure. `default`: DefaultAzureCredential
 * (workload identity on AKS, managed identity, an environment service
 * principal, or the Azure CLI's sign-in). `accessToken`: one bearer token from
 * configuration, for the emulator; it is a JWT and is used until its `exp`.
 */
export type AzureCredentialSettings =
  | { type: 'default' }
  | { type: 'accessToken'; token: string };

/**
 * Which subscription a new cluster is made in. The first rule that matches
 * wins: the template's own entry, then its environment's, then the default.
 * A cluster keeps the subscription recorded at its request for good.
 */
export interface SubscriptionSettings {
  default?: string;
  byEnvironment: Partial<Record<Environment, string>>;
  /** By lower-cased ClusterTemplate entity ref. */
  byTemplate: Record<string, string>;
}

/** How the engine reaches Azure. */
export interface AzureSettings {
  subscriptions: SubscriptionSettings;
  /** ARM endpoint; undefined means Azure public cloud (https://management.azure.com). */
  endpoint?: string;
  credential: AzureCredentialSettings;
  /** Prefix of the resource group made for each cluster. */
  resourceGroupPrefix: string;
}

/** The subscription a new cluster from this template goes to. */
export function subscriptionFor(
  settings: Pick<AzureSettings, 'subscriptions'>,
  templateRef: string,
  environment: Environment,
): string {
  const { subscriptions } = settings;
  const chosen =
    subscriptions.byTemplate[templateRef.toLocaleLowerCase('en-US')] ??
    subscriptions.byEnvironment[environment] ??
    subscriptions.default;
  // readAzureSettings makes sure every environment has one.
  if (!chosen)
    throw new Error(
      `No subscription is configured for ${environment} clusters`,
    );
  return chosen;
}

function subscriptionId(config: Config, key: string, fullKey: string): string {
  const value = config.getString(key);
  if (!GUID.test(value)) {
    throw configError(
      fullKey,
      `"${value}" is not a subscription id`,
      'use the GUID shown by `az account show --query id`',
    );
  }
  return value.toLowerCase();
}

function readSubscriptions(azure: Config): SubscriptionSettings {
  const base = 'completeClusters.azure';
  const byEnvironment: SubscriptionSettings['byEnvironment'] = {};
  const byTemplate: SubscriptionSettings['byTemplate'] = {};
  const fallback = azure.has('subscriptionId')
    ? subscriptionId(azure, 'subscriptionId', `${base}.subscriptionId`)
    : undefined;
  const rules = azure.getOptionalConfig('subscriptions');
  const environments = rules?.getOptionalConfig('byEnvironment');
  for (const key of environments?.keys() ?? []) {
    if (!(ENVIRONMENTS as readonly string[]).includes(key)) {
      throw configError(
        `${base}.subscriptions.byEnvironment.${key}`,
        `"${key}" is not an environment`,
        `use ${ENVIRONMENTS.join(', ')}`,
      );
    }
    byEnvironment[key as Environment] = subscriptionId(
      environments!,
      key,
      `${base}.subscriptions.byEnvironment.${key}`,
    );
  }
  (rules?.getOptionalConfigArray('byTemplate') ?? []).forEach((entry, i) => {
    const key = `${base}.subscriptions.byTemplate[${i}]`;
    const templateRef = entry.getString('templateRef');
    let ref;
    try {
      ref = parseEntityRef(templateRef, {
        defaultKind: CLUSTER_TEMPLATE_KIND,
        defaultNamespace: 'default',
      });
    } catch {
      ref = undefined;
    }
    if (
      !ref ||
      ref.kind.toLocaleLowerCase('en-US') !==
        CLUSTER_TEMPLATE_KIND.toLocaleLowerCase('en-US')
    ) {
      throw configError(
        `${key}.templateRef`,
        `"${templateRef}" is not a ClusterTemplate entity ref`,
        'use the form clustertemplate:default/<name>',
      );
    }
    const normalised = stringifyEntityRef(ref).toLocaleLowerCase('en-US');
    if (byTemplate[normalised])
      throw configError(
        `${key}.templateRef`,
        `${normalised} is listed twice`,
        'keep one entry per template',
      );
    byTemplate[normalised] = subscriptionId(
      entry,
      'subscriptionId',
      `${key}.subscriptionId`,
    );
  });
  const uncovered = ENVIRONMENTS.filter(
    environment => !byEnvironment[environment],
  );
  if (!fallback && uncovered.length > 0) {
    throw configError(
      `${base}.subscriptionId`,
      `missing, and subscriptions.byEnvironment does not cover ${uncovered.join(
        ', ',
      )}`,
      'set completeClusters.azure.subscriptionId (the default subscription), or a subscription for every environment under subscriptions.byEnvironment',
    );
  }
  return {
    ...(fallback ? { default: fallback } : {}),
    byEnvironment,
    byTemplate,
  };
}

function readCredential(azure: Config): AzureCredentialSettings {
  const key = 'completeClusters.azure.credential';
  const type = azure.getOptionalString('credential.type') ?? 'default';
  if (type === 'default') {
    if (azure.has('credential.token')) {
      throw configError(
        `${key}.token`,
        'is set, but credential.type is "default", which never uses it',
        'remove the token, or set credential.type to "accessToken"',
      );
    }
    return { type };
  }
  if (type !== 'accessToken') {
    throw configError(
      `${key}.type`,
      `"${type}" is not a credential type`,
      'use "default" (DefaultAzureCredential) or "accessToken" (the emulator)',
    );
  }
  const token = azure.getOptionalString('credential.token');
  if (!token)
    throw configError(
      `${key}.token`,
      'missing',
      'give the bearer token, or use credential.type "default"',
    );
  const claims = readTokenClaims(token);
  if ('problem' in claims) {
    throw configError(
      `${key}.token`,
      claims.problem,
      'give a Resource Manager access token (a JWT), or use credential.type "default"',
    );
  }
  if (claims.expiresOnTimestamp <= Date.now()) {
    throw configError(
      `${key}.token`,
      `it expired at ${new Date(claims.expiresOnTimestamp).toISOString()}`,
      'give a new one, or use credential.type "default" so that tokens are renewed',
    );
  }
  return { type, token };
}

/** Reads `completeClusters.azure`, refusing what Azure would refuse later, naming the key. */
export function readAzureSettings(config: Config): AzureSettings {
  const azure = config.getOptionalConfig('completeClusters.azure');
  if (!azure) {
    throw configError(
      'completeClusters.azure',
      'missing',
      'set completeClusters.azure.subscriptionId (see docs/real-azure.md)',
    );
  }
  const subscriptions = readSubscriptions(azure);
  const endpoint = azure.getOptionalString('endpoint');
  if (endpoint !== undefined && !/^https:\/\/[^/]+/.test(endpoint)) {
    throw configError(
      'completeClusters.azure.endpoint',
      `"${endpoint}" is not an https URL`,
      'give the Resource Manager URL, e.g. https://management.azure.com, or leave it out',
    );
  }
  const credential = readCredential(azure);
  const resourceGroupPrefix =
    azure.getOptionalString('resourceGroupPrefix') ?? 'rg-';
  if (!/^[-\w._()]{0,26}$/.test(resourceGroupPrefix)) {
    throw configError(
      'completeClusters.azure.resourceGroupPrefix',
      `"${resourceGroupPrefix}" cannot start a resource group name`,
      'use up to 26 letters, digits, "-", "_", "." or parentheses',
    );
  }
  return { subscriptions, endpoint, credential, resourceGroupPrefix };
}

/** Every subscription the configuration names, for the start-up log line. */
export function configuredSubscriptions(settings: AzureSettings): string[] {
  const { subscriptions: s } = settings;
  return [
    ...new Set([
      ...(s.default ? [s.default] : []),
      ...Object.values(s.byEnvironment),
      ...Object.values(s.byTemplate),
    ]),
  ] as string[];
}

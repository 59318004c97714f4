import { randomUUID } from 'node:crypto';
import { errors } from '../errors';
import { clone, isObject } from '../util';

/**
 * AKS add-ons as `properties.addonProfiles` names them on the wire. AKS
 * matches the keys case-insensitively and answers with these spellings
 * (ManagedClustersCreate_AzureKeyvaultSecretsProvider.json, AKS docs).
 */
export const ADDONS = [
  'aciConnectorLinux',
  'azureKeyvaultSecretsProvider',
  'azurepolicy',
  'confcom',
  'httpApplicationRouting',
  'ingressApplicationGateway',
  'kubeDashboard',
  'omsagent',
  'openServiceMesh',
] as const;

/** Add-ons AKS runs with a managed identity of their own (`identity` in the response). */
const WITH_IDENTITY = new Set<string>([
  'aciConnectorLinux',
  'azureKeyvaultSecretsProvider',
  'azurepolicy',
  'ingressApplicationGateway',
  'omsagent',
  'openServiceMesh',
  'httpApplicationRouting',
]);

const WORKSPACE_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.operationalinsights\/workspaces\/[^/]+$/i;

function canonicalName(key: string) {
  return ADDONS.find(a => a.toLowerCase() === key.toLowerCase());
}

/**
 * Validates `addonProfiles` and `azureMonitorProfile` of a cluster PUT. An
 * enabled omsagent needs a Log Analytics workspace id: a missing or not
 * fully qualified one is ARM's LinkedInvalidPropertyId (the answer quoted
 * in Azure/azure-cli#29210); a fully qualified id of another resource type
 * is an InvalidParameter in the emulator's words.
 */
export function validateAddonProfiles(props: Record<string, any> | undefined) {
  const addons = props?.addonProfiles;
  if (addons !== undefined && addons !== null) {
    if (!isObject(addons))
      throw errors.invalidParameter(
        'properties.addonProfiles',
        'The value of parameter properties.addonProfiles is invalid.',
      );
    for (const [key, profile] of Object.entries(addons)) {
      const target = `properties.addonProfiles.${key}`;
      if (!canonicalName(key)) {
        throw errors.invalidParameter(
          target,
          `The value of parameter properties.addonProfiles is invalid. Addon '${key}' is not supported. Supported addons are '${ADDONS.join(
            ', ',
          )}'.`,
        );
      }
      if (!isObject(profile) || typeof profile.enabled !== 'boolean') {
        throw errors.invalidParameter(
          `${target}.enabled`,
          `The value of parameter ${target}.enabled is invalid. 'enabled' is required and must be a boolean.`,
        );
      }
      const config = profile.config;
      if (
        config !== undefined &&
        config !== null &&
        (!isObject(config) ||
          Object.values(config).some(v => typeof v !== 'string'))
      ) {
        throw errors.invalidParameter(
          `${target}.config`,
          `The value of parameter ${target}.config is invalid. Add-on config values must be strings.`,
        );
      }
      if (canonicalName(key) === 'omsagent' && profile.enabled) {
        const entry = Object.entries(config ?? {}).find(
          ([k]) => k.toLowerCase() === 'loganalyticsworkspaceresourceid',
        );
        const path = `${target}.config.${
          entry?.[0] ?? 'logAnalyticsWorkspaceResourceID'
        }`;
        const id = String(entry?.[1] ?? '');
        if (!/^\/(subscriptions|providers)\//i.test(id))
          throw errors.linkedInvalidPropertyId(id, path);
        if (!WORKSPACE_ID.test(id)) {
          throw errors.invalidParameter(
            path,
            `The value of parameter ${path} is invalid. '${id}' is not a Log Analytics workspace resource ID of the form '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.OperationalInsights/workspaces/{workspaceName}'.`,
          );
        }
      }
    }
  }
  const metrics = props?.azureMonitorProfile?.metrics;
  if (
    metrics !== undefined &&
    metrics !== null &&
    (!isObject(metrics) || typeof metrics.enabled !== 'boolean')
  ) {
    throw errors.invalidParameter(
      'properties.azureMonitorProfile.metrics.enabled',
      'The value of parameter properties.azureMonitorProfile.metrics.enabled is invalid. It is required and must be a boolean.',
    );
  }
}

/**
 * The add-on profiles AKS stores: canonical keys, `config: null` where none
 * was given, and for enabled add-ons the managed identity AKS creates in the
 * node resource group, `…/userAssignedIdentities/<addon>-<cluster>` with a
 * clientId and objectId (kept across updates).
 */
export function planAddonProfiles(
  requested: Record<string, any>,
  previous: Record<string, any> | undefined,
  ids: {
    subscriptionId: string;
    nodeResourceGroup: string;
    clusterName: string;
  },
) {
  const out: Record<string, any> = {};
  for (const [key, profile] of Object.entries(requested)) {
    const name = canonicalName(key)!;
    const before = previous?.[name];
    const next: Record<string, any> = {
      enabled: profile.enabled,
      config: profile.config ? clone(profile.config) : null,
    };
    if (profile.enabled && WITH_IDENTITY.has(name)) {
      next.identity = before?.identity ?? {
        resourceId: `/subscriptions/${ids.subscriptionId}/resourcegroups/${
          ids.nodeResourceGroup
        }/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name.toLowerCase()}-${
          ids.clusterName
        }`,
        clientId: randomUUID(),
        objectId: randomUUID(),
      };
    }
    out[name] = next;
  }
  return out;
}

/** As rendered: a disabled add-on (e.g. flipped off behind the API's back) has no identity. */
export function renderAddonProfiles(addons: Record<string, any> | undefined) {
  if (!isObject(addons)) return addons;
  const out = clone(addons);
  for (const profile of Object.values(out)) {
    if (isObject(profile) && profile.enabled === false) delete profile.identity;
  }
  return out;
}

import { createHash } from 'node:crypto';
import { errors } from '../errors';
import {
  conflictError,
  operationHeaders,
  operationInProgress,
  settleOperations,
  startOperation,
} from '../lro/operations';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  ResourceKind,
  StoredResource,
} from '../server/context';
import { canonicalJson, clone, isObject } from '../util';
import { clusterKey, requireCluster } from './managedClusters';
import { findResourceGroup, requireWritableGroup } from './resourceGroups';

/**
 * What extensions and Flux configurations share: both are
 * Microsoft.KubernetesConfiguration resources under a managed cluster,
 * `…/managedClusters/{c}/providers/Microsoft.KubernetesConfiguration/{type}/{name}`.
 *
 * The SDK (and the spec examples) also address Arc clusters
 * (`Microsoft.Kubernetes/connectedClusters`); the emulator only has AKS
 * clusters, so only the `Microsoft.ContainerService/managedClusters` form is routed.
 */
export const KC_PROVIDER = 'Microsoft.KubernetesConfiguration';

/** The id prefix of the cluster's KubernetesConfiguration resources (ARM casing: `resourceGroups`). */
export function kcBase(cluster: StoredResource) {
  return `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${cluster.name}/providers/${KC_PROVIDER}`;
}

/** The same prefix built from the request path, for matching operation URLs. */
export function kcBaseFromRequest(req: ArmRequest) {
  const {
    subscriptionId: s,
    resourceGroupName: rg,
    resourceName: c,
  } = req.params;
  return `/subscriptions/${s}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${c}/providers/${KC_PROVIDER}`;
}

export function childKey(
  cluster: StoredResource,
  type: 'extensions' | 'fluxconfigurations',
  name: string,
) {
  return `${cluster.key}/providers/microsoft.kubernetesconfiguration/${type}/${name}`.toLowerCase();
}

/** The cluster a write goes to: it must exist (404) and its group must not be being deleted (409). */
export function clusterForWrite(ctx: EmulatorContext, req: ArmRequest) {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, resourceName);
  requireWritableGroup(findResourceGroup(ctx, sub, rg));
  return cluster;
}

/**
 * Extensions and configurations are installed into a running cluster: while
 * AKS creates, updates or deletes it the write is refused with 409
 * (emulator's own wording).
 */
export function requireProvisionedCluster(
  cluster: StoredResource,
  what: string,
) {
  const state = cluster.resource.properties?.provisioningState;
  if (state === 'Creating' || state === 'Updating' || state === 'Deleting') {
    throw errors.kubernetesConfigurationConflict(
      `Cannot ${what} while managed cluster '${cluster.name}' is in provisioning state '${state}'. Please try again once the cluster operation has completed.`,
    );
  }
}

/** A `{ string: string }` map such as configurationSettings; throws 400 naming `target` otherwise. */
export function stringMap(
  value: unknown,
  target: string,
): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !isObject(value) ||
    Object.values(value).some(v => typeof v !== 'string')
  ) {
    throw errors.kubernetesConfigurationBadRequest(
      `The value of '${target}' must be a map of string keys to string values.`,
      target,
    );
  }
  return { ...value };
}

/**
 * The idempotency fingerprint of a PUT body. A hash, not the JSON: the body
 * carries configurationProtectedSettings, which the emulator keeps nowhere
 * but `secrets`.
 */
export function bodyFingerprint(body: unknown, extra = '') {
  return createHash('sha256')
    .update(canonicalJson(body))
    .update(`|${extra}`)
    .digest('hex');
}

/** For /_emulator/state: the resource with its protected settings' keys, values redacted. */
export function renderWithRedactedSecrets(r: StoredResource) {
  const body = clone(r.resource);
  if (r.secrets) {
    body.properties.configurationProtectedSettings = Object.fromEntries(
      Object.keys(r.secrets).map(k => [k, '<redacted>']),
    );
  }
  return body;
}

/** Timestamps as Flux and the RP write them: seconds, `Z`. */
export function isoSeconds(ms: number) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * DELETE of an extension or Flux configuration: 202 + Azure-AsyncOperation +
 * Location, then gone; 204 when there is none; 409 while its own operation runs.
 */
export function deleteClusterChild(
  ctx: EmulatorContext,
  req: ArmRequest,
  child: {
    kind: Extract<ResourceKind, 'extension' | 'fluxConfiguration'>;
    type: 'extensions' | 'fluxconfigurations';
    name: string;
    label: string;
  },
): ArmResponse {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
  } = req.params;
  const cluster = ctx.state.resources.get(clusterKey(sub, rg, resourceName));
  const target =
    cluster &&
    ctx.state.resources.get(childKey(cluster, child.type, child.name));
  if (!cluster || !target) return { status: 204 };
  clusterForWrite(ctx, req);
  const running = operationInProgress(ctx, target.key);
  if (running) throw conflictError(running);
  target.resource.properties.provisioningState = 'Deleting';
  target.lastRequest = undefined;
  const op = startOperation(ctx, {
    action: 'delete',
    kind: child.kind,
    resources: [target],
    lockKey: target.key,
    subscriptionId: cluster.subscriptionId,
    location: cluster.resource.location,
    description: `delete ${child.label} '${target.name}'`,
    statusPath: target.id,
  });
  return { status: 202, headers: operationHeaders(ctx, req, op, true) };
}

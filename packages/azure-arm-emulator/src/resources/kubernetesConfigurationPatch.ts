import { ArmError, errors } from '../errors';
import { settleOperations } from '../lro/operations';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { clone, deepMerge, isObject } from '../util';
import { putExtension } from './extensions';
import { putFluxConfiguration } from './fluxConfigurations';
import { requireCluster } from './managedClusters';

/** What a PATCH may change, per the specs' PatchExtension / PatchFluxConfiguration bodies. */
const EXTENSION_PATCHABLE = [
  'autoUpgradeMinorVersion',
  'releaseTrain',
  'version',
  'configurationSettings',
  'configurationProtectedSettings',
];
const FLUX_PATCHABLE = [
  'sourceKind',
  'suspend',
  'gitRepository',
  'bucket',
  'azureBlob',
  'ociRepository',
  'kustomizations',
  'configurationProtectedSettings',
  'reconciliationWaitDuration',
  'waitForReconciliation',
];
/** Read-only or defaulted-by-the-RP fields that are not part of the desired state a PUT carries. */
const READ_ONLY = [
  'provisioningState',
  'currentVersion',
  'installedVersion',
  'statuses',
  'isSystemExtension',
  'aksAssignedIdentity',
  'errorInfo',
  'customLocationSettings',
  'packageUri',
  'complianceState',
  'repositoryPublicKey',
  'sourceSyncedCommitId',
  'sourceUpdatedAt',
  'statusUpdatedAt',
  'errorMessage',
];

function stored(
  ctx: EmulatorContext,
  req: ArmRequest,
  type: 'extensions' | 'fluxconfigurations',
  name: string,
): StoredResource | undefined {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, resourceName);
  return ctx.state.resources.get(
    `${
      cluster.key
    }/providers/microsoft.kubernetesconfiguration/${type}/${name.toLowerCase()}`,
  );
}

/**
 * The PUT body equivalent to the stored resource with a PATCH merged in
 * (objects merge, `null` removes a key, as the RP merges settings).
 */
function mergedBody(
  existing: StoredResource,
  patch: unknown,
  patchable: string[],
  what: string,
): Record<string, any> {
  if (!isObject(patch))
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  const props = isObject(patch.properties) ? patch.properties : {};
  const unknown = Object.keys(props).filter(k => !patchable.includes(k));
  if (unknown.length > 0) {
    throw errors.kubernetesConfigurationBadRequest(
      `The ${what} PATCH cannot change ${unknown
        .map(k => `'properties.${k}'`)
        .join(', ')}; PATCH changes only ${patchable.join(
        ', ',
      )}. Use PUT to change the rest.`,
      `properties.${unknown[0]}`,
    );
  }
  const current = clone(existing.resource.properties);
  for (const k of READ_ONLY) delete current[k];
  for (const [k, v] of Object.entries(current))
    if (v === null) delete current[k];
  if (existing.secrets)
    current.configurationProtectedSettings = clone(existing.secrets);
  const body: Record<string, any> = { properties: deepMerge(current, props) };
  if (existing.resource.identity)
    body.identity = clone(existing.resource.identity);
  if (existing.resource.plan) body.plan = clone(existing.resource.plan);
  return body;
}

/** PATCH …/extensions/{name} (Extensions_Update): merged into the stored extension, then applied as its PUT would be. */
export function patchExtension(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const existing = stored(ctx, req, 'extensions', req.params.extensionName);
  if (!existing)
    throw new ArmError(
      404,
      'ResourceNotFound',
      `Extension instance with name '${req.params.extensionName}' not found.`,
    );
  return putExtension(ctx, {
    ...req,
    body: mergedBody(existing, req.body, EXTENSION_PATCHABLE, 'extension'),
  });
}

/** PATCH …/fluxConfigurations/{name} (FluxConfigurations_Update). */
export function patchFluxConfiguration(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const existing = stored(
    ctx,
    req,
    'fluxconfigurations',
    req.params.fluxConfigurationName,
  );
  if (!existing) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `Flux configuration with name '${req.params.fluxConfigurationName}' not found.`,
    );
  }
  const body = mergedBody(
    existing,
    req.body,
    FLUX_PATCHABLE,
    'Flux configuration',
  );
  // scope and namespace are fixed at creation; the PUT needs them.
  return putFluxConfiguration(ctx, { ...req, body });
}

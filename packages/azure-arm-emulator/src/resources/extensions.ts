import { randomUUID } from 'node:crypto';
import { ArmError, errors } from '../errors';
import { findExtensionType, EXTENSION_TYPES } from '../catalog/extensionTypes';
import {
  conflictError,
  getResourceOperationStatus,
  operationHeaders,
  operationInProgress,
  settleOperations,
  startOperation,
} from '../lro/operations';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { clone, isObject } from '../util';
import {
  isDnsLabel,
  pageOf,
  resourcesOfKind,
  systemData,
  TENANT_ID,
} from './common';
import {
  bodyFingerprint,
  childKey,
  clusterForWrite,
  deleteClusterChild,
  kcBase,
  kcBaseFromRequest,
  requireProvisionedCluster,
  stringMap,
} from './kubernetesConfiguration';
import { fillIdentity, requireCluster } from './managedClusters';

export const EXTENSION_TYPE = 'Microsoft.KubernetesConfiguration/extensions';

/** The extensions installed on a cluster, oldest first. */
export function extensionsOf(ctx: EmulatorContext, cluster: StoredResource) {
  return resourcesOfKind(
    ctx,
    r => r.kind === 'extension' && r.parentKey === cluster.key,
  );
}

/** API rendering: never the protected settings (they live in `secrets`). */
export function renderExtension(r: StoredResource) {
  return clone(r.resource);
}

interface PlannedExtension {
  extensionType: string;
  autoUpgradeMinorVersion: boolean;
  releaseTrain: string;
  version: string | null;
  scope: Record<string, any>;
  configurationSettings: Record<string, string>;
  secrets?: Record<string, string>;
  resolvedVersion: string;
}

const bad = errors.kubernetesConfigurationBadRequest;

/** Validates an extension PUT as Microsoft.KubernetesConfiguration does for the fields used (emulator's wording). */
function planExtension(
  body: Record<string, any>,
  existing: StoredResource | undefined,
): PlannedExtension {
  const props = body.properties;
  if (!isObject(props))
    throw bad("The request body must contain 'properties'.", 'properties');
  const type = findExtensionType(props.extensionType);
  if (typeof props.extensionType !== 'string' || !props.extensionType) {
    throw bad(
      "The 'properties.extensionType' field is required.",
      'properties.extensionType',
    );
  }
  if (!type) {
    throw bad(
      `Extension type '${
        props.extensionType
      }' is not supported for clusters of type 'Microsoft.ContainerService/managedClusters'. Supported types are '${EXTENSION_TYPES.map(
        t => t.name,
      ).join(', ')}'.`,
      'properties.extensionType',
    );
  }
  if (
    existing &&
    existing.resource.properties.extensionType.toLowerCase() !== type.name
  ) {
    throw bad(
      `The extension type of extension '${existing.name}' is '${existing.resource.properties.extensionType}' and cannot be changed to '${props.extensionType}'.`,
      'properties.extensionType',
    );
  }
  const auto = props.autoUpgradeMinorVersion ?? true;
  if (typeof auto !== 'boolean')
    throw bad(
      "'properties.autoUpgradeMinorVersion' must be a boolean.",
      'properties.autoUpgradeMinorVersion',
    );
  const train = props.releaseTrain ?? 'Stable';
  if (
    typeof train !== 'string' ||
    !type.releaseTrains.includes(train.toLowerCase())
  ) {
    throw bad(
      `Release train '${String(train)}' is not available for extension type '${
        type.name
      }'. Available release trains are '${type.releaseTrains.join(', ')}'.`,
      'properties.releaseTrain',
    );
  }
  let version: string | null = null;
  if (props.version !== undefined && props.version !== null) {
    if (
      typeof props.version !== 'string' ||
      !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(props.version)
    ) {
      throw bad(
        `'properties.version' '${String(
          props.version,
        )}' is not a valid version.`,
        'properties.version',
      );
    }
    if (auto) {
      throw bad(
        "'properties.version' can only be set when 'properties.autoUpgradeMinorVersion' is false. Set autoUpgradeMinorVersion to false to pin a version.",
        'properties.version',
      );
    }
    version = props.version;
  }
  const scope = validateScope(props.scope, type);
  return {
    extensionType: props.extensionType,
    autoUpgradeMinorVersion: auto,
    releaseTrain: train,
    version,
    scope,
    configurationSettings:
      stringMap(
        props.configurationSettings,
        'properties.configurationSettings',
      ) ?? {},
    secrets: stringMap(
      props.configurationProtectedSettings,
      'properties.configurationProtectedSettings',
    ),
    resolvedVersion: version ?? type.latestVersion,
  };
}

function validateScope(
  scope: unknown,
  type: NonNullable<ReturnType<typeof findExtensionType>>,
) {
  if (scope === undefined || scope === null)
    return { cluster: { releaseNamespace: type.defaultReleaseNamespace } };
  if (
    !isObject(scope) ||
    (scope.cluster !== undefined) === (scope.namespace !== undefined)
  ) {
    throw bad(
      "'properties.scope' must set exactly one of 'cluster' and 'namespace'.",
      'properties.scope',
    );
  }
  if (scope.cluster !== undefined) {
    const ns = scope.cluster?.releaseNamespace ?? type.defaultReleaseNamespace;
    if (!isDnsLabel(ns)) {
      throw bad(
        `'properties.scope.cluster.releaseNamespace' '${String(
          ns,
        )}' is not a valid Kubernetes namespace name.`,
        'properties.scope.cluster.releaseNamespace',
      );
    }
    return { cluster: { releaseNamespace: ns } };
  }
  if (!type.namespaceScope) {
    throw bad(
      `Extension type '${type.name}' can only be installed with cluster scope.`,
      'properties.scope.namespace',
    );
  }
  const ns = scope.namespace?.targetNamespace;
  if (!isDnsLabel(ns)) {
    throw bad(
      `'properties.scope.namespace.targetNamespace' '${String(
        ns,
      )}' is not a valid Kubernetes namespace name.`,
      'properties.scope.namespace.targetNamespace',
    );
  }
  return { namespace: { targetNamespace: ns } };
}

/** PUT …/providers/Microsoft.KubernetesConfiguration/extensions/{name} */
export function putExtension(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const cluster = clusterForWrite(ctx, req);
  const body = req.body;
  if (!isObject(body))
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  const key = childKey(cluster, 'extensions', req.params.extensionName);
  const existing = ctx.state.resources.get(key);
  if (existing) {
    const running = operationInProgress(ctx, key);
    if (running) throw conflictError(running);
  }
  requireProvisionedCluster(cluster, 'install or update extensions');
  const plan = planExtension(body, existing);
  const fingerprint = bodyFingerprint(body);
  if (
    existing &&
    existing.lastRequest === fingerprint &&
    existing.resource.properties.provisioningState === 'Succeeded'
  ) {
    return { status: 200, body: renderExtension(existing) };
  }

  const name = existing?.name ?? req.params.extensionName;
  const id = `${kcBase(cluster)}/extensions/${name}`;
  const previous = existing?.resource;
  const resource: Record<string, any> = {
    id,
    name,
    type: EXTENSION_TYPE,
    systemData: systemData(ctx.now(), previous?.systemData),
    properties: {
      extensionType: plan.extensionType,
      // Newer api-versions' auto-upgrade mode ('compatible', …), echoed as given.
      ...(body.properties.autoUpgradeMode !== undefined
        ? { autoUpgradeMode: clone(body.properties.autoUpgradeMode) }
        : {}),
      autoUpgradeMinorVersion: plan.autoUpgradeMinorVersion,
      releaseTrain: plan.releaseTrain,
      version: plan.version,
      scope: plan.scope,
      configurationSettings: plan.configurationSettings,
      provisioningState: existing ? 'Updating' : 'Creating',
      currentVersion: previous?.properties.currentVersion ?? null,
      statuses: [],
      isSystemExtension: false,
      ...(previous?.properties.aksAssignedIdentity
        ? { aksAssignedIdentity: previous.properties.aksAssignedIdentity }
        : {}),
    },
  };
  if (body.identity !== undefined)
    resource.identity = fillIdentity(body.identity, previous?.identity);
  if (body.plan !== undefined) resource.plan = clone(body.plan);
  const stored: StoredResource = {
    key,
    kind: 'extension',
    id,
    name,
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.resourceGroup,
    clusterName: cluster.name,
    parentKey: cluster.key,
    resource,
    secrets: plan.secrets,
    eTag: '',
    lastRequest: fingerprint,
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
  };
  ctx.state.resources.set(key, stored);
  const op = startOperation(ctx, {
    action: existing ? 'update' : 'create',
    kind: 'extension',
    resources: [stored],
    lockKey: key,
    subscriptionId: cluster.subscriptionId,
    location: cluster.resource.location,
    description: existing
      ? `update extension '${name}'`
      : `create extension '${name}'`,
    statusPath: id,
    onSucceeded: c => {
      const r = c.state.resources.get(key);
      if (!r || r !== stored) return;
      r.resource.properties.currentVersion = plan.resolvedVersion;
      r.resource.properties.aksAssignedIdentity = r.resource.properties
        .aksAssignedIdentity ?? {
        principalId: randomUUID(),
        tenantId: TENANT_ID,
        type: 'SystemAssigned',
      };
    },
  });
  return {
    status: existing ? 200 : 201,
    headers: operationHeaders(ctx, req, op, false),
    body: renderExtension(stored),
  };
}

function findExtension(ctx: EmulatorContext, req: ArmRequest) {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, resourceName);
  return {
    cluster,
    extension: ctx.state.resources.get(
      childKey(cluster, 'extensions', req.params.extensionName),
    ),
  };
}

/** GET …/extensions/{name}. The 404 text is the RP's (quoted in Azure/AKS-Construction#291). */
export function getExtension(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { extension } = findExtension(ctx, req);
  if (!extension) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `Extension instance with name '${req.params.extensionName}' not found.`,
    );
  }
  return { status: 200, body: renderExtension(extension) };
}

/** DELETE …/extensions/{name}: 202 + Azure-AsyncOperation + Location, then gone; 204 when there is none. */
export function deleteExtension(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  return deleteClusterChild(ctx, req, {
    kind: 'extension',
    type: 'extensions',
    name: req.params.extensionName,
    label: 'extension',
  });
}

/** GET …/providers/Microsoft.KubernetesConfiguration/extensions (paged). */
export function listExtensions(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, resourceName);
  return {
    status: 200,
    body: pageOf(ctx, req, extensionsOf(ctx, cluster).map(renderExtension)),
  };
}

/** GET …/extensions/{name}/operations/{operationId} */
export function getExtensionOperation(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  return getResourceOperationStatus(
    ctx,
    req,
    `${kcBaseFromRequest(req)}/extensions/${req.params.extensionName}`,
  );
}

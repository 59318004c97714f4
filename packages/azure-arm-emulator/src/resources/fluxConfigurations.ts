import { createHash, generateKeyPairSync } from 'node:crypto';
import { ArmError, errors } from '../errors';
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
import { isDnsLabel, pageOf, resourcesOfKind, systemData } from './common';
import { extensionsOf } from './extensions';
import {
  bodyFingerprint,
  childKey,
  clusterForWrite,
  deleteClusterChild,
  isoSeconds,
  kcBase,
  kcBaseFromRequest,
  requireProvisionedCluster,
  stringMap,
} from './kubernetesConfiguration';
import { requireCluster } from './managedClusters';

export const FLUX_CONFIGURATION_TYPE =
  'Microsoft.KubernetesConfiguration/fluxConfigurations';
const SOURCE_KINDS = ['GitRepository', 'Bucket', 'AzureBlob'];
const bad = errors.kubernetesConfigurationBadRequest;

export function renderFluxConfiguration(r: StoredResource) {
  return clone(r.resource);
}

/** http(s)://…, ssh://… or the scp-like git@host:path form, as Flux accepts them. */
function isGitUrl(url: unknown): url is string {
  return (
    typeof url === 'string' &&
    (/^https?:\/\/[^\s/]+\/\S*$/.test(url) ||
      /^ssh:\/\/\S+$/.test(url) ||
      /^git@[^\s:]+:\S+$/.test(url))
  );
}

function isSshUrl(url: string) {
  return url.startsWith('ssh://') || url.startsWith('git@');
}

/**
 * The Flux extension a configuration needs: a `microsoft.flux` extension on
 * the cluster that has finished installing. Otherwise 400 (emulator's
 * wording; the requirement is Azure's, see the GitOps Flux v2 docs and
 * MicrosoftDocs/azure-docs#86695).
 */
function requireFluxExtension(ctx: EmulatorContext, cluster: StoredResource) {
  const flux = extensionsOf(ctx, cluster).filter(
    e =>
      String(e.resource.properties.extensionType).toLowerCase() ===
      'microsoft.flux',
  );
  if (flux.some(e => e.resource.properties.provisioningState === 'Succeeded'))
    return;
  const state = flux[0]?.resource.properties.provisioningState;
  throw bad(
    state
      ? `The Flux extension '${flux[0].name}' on managed cluster '${cluster.name}' is in provisioning state '${state}'. The 'microsoft.flux' extension must be installed (provisioningState 'Succeeded') before Flux configurations can be created.`
      : `The 'microsoft.flux' extension is not installed on managed cluster '${cluster.name}'. The Flux extension must be installed first: create a Microsoft.KubernetesConfiguration/extensions resource with extensionType 'microsoft.flux', then create the Flux configuration.`,
    'properties',
  );
}

interface Kustomization {
  name: string;
  path: string;
  dependsOn: string[];
  timeoutInSeconds: number;
  syncIntervalInSeconds: number;
  retryIntervalInSeconds: number | null;
  prune: boolean;
  force: boolean;
  wait: boolean;
  postBuild: Record<string, any> | null;
}

/** Validates the fields Azure checks (for those the project uses); messages are the emulator's. */
function validate(body: Record<string, any>, name: string) {
  if (!isDnsLabel(name)) {
    throw bad(
      `Flux configuration name '${name}' is invalid. It must consist of lower case alphanumeric characters or '-', start and end with an alphanumeric character, and be at most 63 characters long.`,
      'name',
    );
  }
  const props = body.properties;
  if (!isObject(props))
    throw bad("The request body must contain 'properties'.", 'properties');
  const scope = props.scope ?? 'cluster';
  if (scope !== 'cluster' && scope !== 'namespace') {
    throw bad(
      `'properties.scope' '${String(
        scope,
      )}' is invalid. Allowed values are 'cluster' and 'namespace'.`,
      'properties.scope',
    );
  }
  const namespace = props.namespace ?? 'default';
  if (!isDnsLabel(namespace)) {
    throw bad(
      `'properties.namespace' '${String(
        namespace,
      )}' is not a valid Kubernetes namespace name (RFC 1123 label).`,
      'properties.namespace',
    );
  }
  const sourceKind = props.sourceKind ?? 'GitRepository';
  if (!SOURCE_KINDS.includes(sourceKind)) {
    throw bad(
      `'properties.sourceKind' '${String(
        sourceKind,
      )}' is invalid. Allowed values are '${SOURCE_KINDS.join("', '")}'.`,
      'properties.sourceKind',
    );
  }
  if (props.suspend !== undefined && typeof props.suspend !== 'boolean')
    throw bad("'properties.suspend' must be a boolean.", 'properties.suspend');

  let source: Record<string, any>;
  if (sourceKind === 'GitRepository') {
    const git = props.gitRepository;
    if (!isObject(git))
      throw bad(
        "'properties.gitRepository' is required when sourceKind is 'GitRepository'.",
        'properties.gitRepository',
      );
    if (!isGitUrl(git.url)) {
      throw bad(
        `'properties.gitRepository.url' '${String(
          git.url ?? '',
        )}' is invalid. The URL must begin with 'http://', 'https://', 'ssh://' or 'git@'.`,
        'properties.gitRepository.url',
      );
    }
    const ref = git.repositoryRef;
    const refs = ['branch', 'tag', 'semver', 'commit'].filter(
      k => isObject(ref) && typeof ref[k] === 'string' && ref[k],
    );
    if (!isObject(ref) || refs.length === 0) {
      throw bad(
        "'properties.gitRepository.repositoryRef' must set one of 'branch', 'tag', 'semver' or 'commit'.",
        'properties.gitRepository.repositoryRef',
      );
    }
    if (
      ref.commit !== undefined &&
      ref.commit !== null &&
      !/^[0-9a-f]{7,40}$/i.test(String(ref.commit))
    ) {
      throw bad(
        `'properties.gitRepository.repositoryRef.commit' '${String(
          ref.commit,
        )}' is not a valid commit SHA.`,
        'properties.gitRepository.repositoryRef.commit',
      );
    }
    source = {
      ...clone(git),
      timeoutInSeconds: git.timeoutInSeconds ?? 600,
      syncIntervalInSeconds: git.syncIntervalInSeconds ?? 600,
      repositoryRef: {
        branch: ref.branch ?? null,
        tag: ref.tag ?? null,
        semver: ref.semver ?? null,
        commit: ref.commit ?? null,
      },
    };
  } else {
    const field = sourceKind === 'Bucket' ? 'bucket' : 'azureBlob';
    const src = props[field];
    const nameField = sourceKind === 'Bucket' ? 'bucketName' : 'containerName';
    if (
      !isObject(src) ||
      typeof src.url !== 'string' ||
      !/^https?:\/\//.test(src.url) ||
      typeof src[nameField] !== 'string'
    ) {
      throw bad(
        `'properties.${field}' needs an http(s) 'url' and a '${nameField}' when sourceKind is '${sourceKind}'.`,
        `properties.${field}`,
      );
    }
    source = {
      ...clone(src),
      timeoutInSeconds: src.timeoutInSeconds ?? 600,
      syncIntervalInSeconds: src.syncIntervalInSeconds ?? 600,
    };
  }

  const requested = props.kustomizations ?? {};
  if (!isObject(requested))
    throw bad(
      "'properties.kustomizations' must be a map of kustomization name to kustomization.",
      'properties.kustomizations',
    );
  const kustomizations: Record<string, Kustomization> = {};
  for (const [kName, k] of Object.entries(requested)) {
    const target = `properties.kustomizations.${kName}`;
    if (!isDnsLabel(kName)) {
      throw bad(
        `Kustomization name '${kName}' is invalid. It must consist of lower case alphanumeric characters or '-', and start and end with an alphanumeric character.`,
        target,
      );
    }
    if (!isObject(k)) throw bad(`'${target}' must be an object.`, target);
    if (k.path !== undefined && k.path !== null && typeof k.path !== 'string')
      throw bad(`'${target}.path' must be a string.`, `${target}.path`);
    const dependsOn = k.dependsOn ?? [];
    if (
      !Array.isArray(dependsOn) ||
      dependsOn.some(d => typeof d !== 'string')
    ) {
      throw bad(
        `'${target}.dependsOn' must be a list of kustomization names.`,
        `${target}.dependsOn`,
      );
    }
    for (const dep of dependsOn) {
      if (
        dep === kName ||
        !Object.prototype.hasOwnProperty.call(requested, dep)
      ) {
        throw bad(
          `Kustomization '${kName}' depends on '${dep}', which is not ${
            dep === kName ? 'another' : 'a'
          } kustomization of this Flux configuration. dependsOn may only name kustomizations defined in the same configuration.`,
          `${target}.dependsOn`,
        );
      }
    }
    let postBuild: Record<string, any> | null = null;
    if (k.postBuild !== undefined && k.postBuild !== null) {
      if (!isObject(k.postBuild))
        throw bad(
          `'${target}.postBuild' must be an object.`,
          `${target}.postBuild`,
        );
      postBuild = clone(k.postBuild);
      stringMap(k.postBuild.substitute, `${target}.postBuild.substitute`);
      const from = k.postBuild.substituteFrom;
      if (from !== undefined && from !== null) {
        if (
          !Array.isArray(from) ||
          from.some(
            f =>
              !isObject(f) ||
              !['ConfigMap', 'Secret'].includes(f.kind) ||
              typeof f.name !== 'string',
          )
        ) {
          throw bad(
            `'${target}.postBuild.substituteFrom' entries need a 'kind' of 'ConfigMap' or 'Secret' and a 'name'.`,
            `${target}.postBuild.substituteFrom`,
          );
        }
      }
    }
    for (const n of [
      'timeoutInSeconds',
      'syncIntervalInSeconds',
      'retryIntervalInSeconds',
    ] as const) {
      if (
        k[n] !== undefined &&
        k[n] !== null &&
        (typeof k[n] !== 'number' || k[n] <= 0)
      ) {
        throw bad(
          `'${target}.${n}' must be a positive number.`,
          `${target}.${n}`,
        );
      }
    }
    kustomizations[kName] = {
      name: kName,
      path: k.path ?? '',
      dependsOn: [...dependsOn],
      timeoutInSeconds: k.timeoutInSeconds ?? 600,
      syncIntervalInSeconds: k.syncIntervalInSeconds ?? 600,
      retryIntervalInSeconds: k.retryIntervalInSeconds ?? null,
      prune: k.prune ?? false,
      force: k.force ?? false,
      wait: k.wait ?? true,
      postBuild,
    };
  }
  const secrets = stringMap(
    props.configurationProtectedSettings,
    'properties.configurationProtectedSettings',
  );
  return {
    props,
    scope,
    namespace,
    sourceKind,
    source,
    kustomizations,
    secrets,
    suspend: props.suspend ?? false,
  };
}

/** An RSA public key in OpenSSH form, as the RP generates one for ssh sources without a private key. */
function generateSshPublicKey(): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const mpint = (b64url: string) => {
    let bytes = Buffer.from(b64url, 'base64url');
    if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return bytes;
  };
  const field = (b: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  const blob = Buffer.concat([
    field(Buffer.from('ssh-rsa')),
    field(mpint(jwk.e)),
    field(mpint(jwk.n)),
  ]);
  return `ssh-rsa ${blob.toString('base64')}`;
}

/** The revision Flux reports: `<branch|tag>@sha1:<sha>`, `sha1:<sha>` for a commit, `sha256:<digest>` for buckets. */
function revisionOf(sourceKind: string, source: Record<string, any>) {
  if (sourceKind !== 'GitRepository') {
    return `sha256:${createHash('sha256')
      .update(`${source.url}|${source.bucketName ?? source.containerName}`)
      .digest('hex')}`;
  }
  const ref = source.repositoryRef;
  if (ref.commit) return `sha1:${String(ref.commit).toLowerCase()}`;
  const sha = createHash('sha1')
    .update(`${source.url}|${ref.semver ?? ref.tag ?? ref.branch}`)
    .digest('hex');
  const name = ref.semver
    ? `v${
        String(ref.semver)
          .replace(/^[^0-9]*/, '')
          .split(/[ ,<>=~^*]/)[0] || '1.0.0'
      }`
    : ref.tag ?? ref.branch;
  return `${name}@sha1:${sha}`;
}

/**
 * The statuses Flux reports once the configuration is applied, shaped like
 * GetFluxConfiguration.json: one source status named after the configuration,
 * one Kustomization status per kustomization named `<config>-<kustomization>`,
 * each with a Ready condition. `failure` (from `gitFailures`) is what the
 * source controller reported when it could not fetch the repository.
 */
function complete(
  r: StoredResource,
  plan: ReturnType<typeof validate>,
  failure: string | undefined,
  now: number,
) {
  const p = r.resource.properties;
  const at = isoSeconds(now);
  const suspended = plan.suspend === true;
  const sourceStatusKind =
    plan.sourceKind === 'GitRepository' ? 'GitRepository' : 'Bucket';
  const status = (
    name: string,
    kind: string,
    compliance: string,
    condition: Record<string, string>,
  ) => ({
    name,
    namespace: plan.namespace,
    kind,
    complianceState: compliance,
    appliedBy: null,
    helmReleaseProperties: null,
    statusConditions: [{ lastTransitionTime: at, type: 'Ready', ...condition }],
  });
  if (failure !== undefined) {
    p.complianceState = 'Non-Compliant';
    p.sourceSyncedCommitId = null;
    p.sourceUpdatedAt = null;
    p.statusUpdatedAt = at;
    p.statuses = [
      status(r.name, sourceStatusKind, 'Non-Compliant', {
        status: 'False',
        reason: 'GitOperationFailed',
        message: failure,
      }),
      ...Object.values(plan.kustomizations).map(k =>
        status(
          `${r.name}-${k.name}`,
          'Kustomization',
          'Non-Compliant',
          k.dependsOn.length
            ? {
                status: 'False',
                reason: 'DependencyNotReady',
                message: `dependency '${plan.namespace}/${r.name}-${k.dependsOn[0]}' is not ready`,
              }
            : {
                status: 'False',
                reason: 'ArtifactFailed',
                message: `Source artifact not found, retrying in 30s`,
              },
        ),
      ),
    ];
    return;
  }
  const revision = revisionOf(plan.sourceKind, plan.source);
  const compliance = suspended ? 'Suspended' : 'Compliant';
  p.complianceState = compliance;
  p.sourceSyncedCommitId = revision;
  p.sourceUpdatedAt = at;
  p.statusUpdatedAt = at;
  p.statuses = [
    status(r.name, sourceStatusKind, compliance, {
      status: 'True',
      reason: 'Succeeded',
      message: `stored artifact for revision '${revision}'`,
    }),
    ...Object.values(plan.kustomizations).map(k =>
      status(`${r.name}-${k.name}`, 'Kustomization', compliance, {
        status: 'True',
        reason: 'ReconciliationSucceeded',
        message: `Applied revision: ${revision}`,
      }),
    ),
  ];
}

/** PUT …/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/{name} */
export function putFluxConfiguration(
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
  const requestedName = req.params.fluxConfigurationName;
  const key = childKey(cluster, 'fluxconfigurations', requestedName);
  const existing = ctx.state.resources.get(key);
  if (existing) {
    const running = operationInProgress(ctx, key);
    if (running) throw conflictError(running);
  }
  requireProvisionedCluster(cluster, 'create or update Flux configurations');
  const plan = validate(body, requestedName);
  requireFluxExtension(ctx, cluster);

  const url: string | undefined =
    plan.sourceKind === 'GitRepository' ? plan.source.url : undefined;
  const failure =
    url !== undefined &&
    Object.prototype.hasOwnProperty.call(ctx.config.gitFailures, url)
      ? String(ctx.config.gitFailures[url])
      : undefined;
  // The same body against the same Git outcome is a no-op; a changed
  // outcome (gitFailures edited) makes the re-PUT reconcile again.
  const fingerprint = bodyFingerprint(body, failure ?? '');
  if (
    existing &&
    existing.lastRequest === fingerprint &&
    existing.resource.properties.provisioningState === 'Succeeded'
  ) {
    return { status: 200, body: renderFluxConfiguration(existing) };
  }

  const name = existing?.name ?? requestedName;
  const id = `${kcBase(cluster)}/fluxConfigurations/${name}`;
  const previous = existing?.resource;
  const sshKey =
    url && isSshUrl(url) && !plan.secrets?.sshPrivateKey
      ? previous?.properties.repositoryPublicKey || generateSshPublicKey()
      : '';
  const properties: Record<string, any> = {
    scope: plan.scope,
    namespace: plan.namespace,
    sourceKind: plan.sourceKind,
    suspend: plan.suspend,
    gitRepository: plan.sourceKind === 'GitRepository' ? plan.source : null,
    bucket: plan.sourceKind === 'Bucket' ? plan.source : null,
    azureBlob: plan.sourceKind === 'AzureBlob' ? plan.source : null,
    kustomizations: plan.kustomizations,
    statuses: [],
    repositoryPublicKey: sshKey,
    sourceSyncedCommitId: null,
    sourceUpdatedAt: null,
    statusUpdatedAt: null,
    complianceState: 'Pending',
    provisioningState: existing ? 'Updating' : 'Creating',
    errorMessage: '',
  };
  for (const extra of ['waitForReconciliation', 'reconciliationWaitDuration']) {
    if (plan.props[extra] !== undefined)
      properties[extra] = clone(plan.props[extra]);
  }
  const stored: StoredResource = {
    key,
    kind: 'fluxConfiguration',
    id,
    name,
    subscriptionId: cluster.subscriptionId,
    resourceGroup: cluster.resourceGroup,
    clusterName: cluster.name,
    parentKey: cluster.key,
    resource: {
      id,
      name,
      type: FLUX_CONFIGURATION_TYPE,
      systemData: systemData(ctx.now(), previous?.systemData),
      properties,
    },
    secrets: plan.secrets,
    eTag: '',
    lastRequest: fingerprint,
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
  };
  ctx.state.resources.set(key, stored);
  const op = startOperation(ctx, {
    action: existing ? 'update' : 'create',
    kind: 'fluxConfiguration',
    resources: [stored],
    lockKey: key,
    subscriptionId: cluster.subscriptionId,
    location: cluster.resource.location,
    description: existing
      ? `update Flux configuration '${name}'`
      : `create Flux configuration '${name}'`,
    statusPath: id,
    onSucceeded: c => {
      const r = c.state.resources.get(key);
      if (r === stored) complete(r, plan, failure, c.now());
    },
  });
  return {
    status: existing ? 200 : 201,
    headers: operationHeaders(ctx, req, op, false),
    body: renderFluxConfiguration(stored),
  };
}

function findConfiguration(ctx: EmulatorContext, req: ArmRequest) {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, resourceName);
  return ctx.state.resources.get(
    childKey(cluster, 'fluxconfigurations', req.params.fluxConfigurationName),
  );
}

/** GET …/fluxConfigurations/{name} (404 wording modeled on the extension one: emulator's). */
export function getFluxConfiguration(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const config = findConfiguration(ctx, req);
  if (!config) {
    throw new ArmError(
      404,
      'ResourceNotFound',
      `Flux configuration with name '${req.params.fluxConfigurationName}' not found.`,
    );
  }
  return { status: 200, body: renderFluxConfiguration(config) };
}

/** DELETE …/fluxConfigurations/{name}: 202 + Azure-AsyncOperation + Location, then gone; 204 when there is none. */
export function deleteFluxConfiguration(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  return deleteClusterChild(ctx, req, {
    kind: 'fluxConfiguration',
    type: 'fluxconfigurations',
    name: req.params.fluxConfigurationName,
    label: 'Flux configuration',
  });
}

/** GET …/fluxConfigurations (paged). */
export function listFluxConfigurations(
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
  const items = resourcesOfKind(
    ctx,
    r => r.kind === 'fluxConfiguration' && r.parentKey === cluster.key,
  ).map(renderFluxConfiguration);
  return { status: 200, body: pageOf(ctx, req, items) };
}

/** GET …/fluxConfigurations/{name}/operations/{operationId} */
export function getFluxConfigurationOperation(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  return getResourceOperationStatus(
    ctx,
    req,
    `${kcBaseFromRequest(req)}/fluxConfigurations/${
      req.params.fluxConfigurationName
    }`,
  );
}

import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  makeValidator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { X509Certificate } from 'node:crypto';

const validators = makeValidator();

/** A DNS host name: what Azure gives as a managed cluster's fqdn (no scheme, port, path or user info). */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A PEM certificate that may sign others: what the Kubernetes plugin can trust an API server by. */
function isCaCertificate(value: unknown): boolean {
  if (
    typeof value !== 'string' ||
    !value.includes('-----BEGIN CERTIFICATE-----')
  )
    return false;
  try {
    return new X509Certificate(value).ca;
  } catch {
    return false;
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function refProblem(
  field: string,
  value: unknown,
  options: { defaultKind?: string },
  example: string,
): string | undefined {
  if (!isNonEmptyString(value))
    return `${field}: missing; expected an entity ref such as ${example}`;
  try {
    parseEntityRef(value, { ...options, defaultNamespace: 'default' });
    return undefined;
  } catch (e) {
    return `${field}: ${JSON.stringify(
      value,
    )} is not an entity ref such as ${example} (${(e as Error).message})`;
  }
}

/**
 * What is wrong with one item of the complete-clusters API's cluster list, as
 * far as publishing it in the catalog goes, each problem prefixed with the
 * field it is about. An empty list means it can be turned into an entity.
 */
export function clusterProblems(item: unknown): string[] {
  if (!isObject(item)) return ['(item): not an object'];
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };

  need(
    validators.isValidEntityName(item.name),
    `name: ${JSON.stringify(
      item.name,
    )} is not a valid entity name (1-63 letters, digits and [-_.], starting and ending with a letter or digit)`,
  );
  const owner = refProblem(
    'ownerRef',
    item.ownerRef,
    { defaultKind: 'group' },
    'user:default/jane or group:default/team-a',
  );
  if (owner) problems.push(owner);
  const template = refProblem(
    'templateRef',
    item.templateRef,
    {},
    'clustertemplate:default/developer',
  );
  if (template) problems.push(template);
  need(isNonEmptyString(item.templateVersion), 'templateVersion: missing');
  need(
    validators.isValidTag(item.environment),
    `environment: ${JSON.stringify(
      item.environment,
    )} is not usable as a tag (lowercase letters, digits and -)`,
  );
  need(isNonEmptyString(item.phase), 'phase: missing');
  need(
    item.statusMessage === undefined || typeof item.statusMessage === 'string',
    'statusMessage: not a string',
  );

  const apps = item.applications;
  if (apps !== undefined && !Array.isArray(apps)) {
    problems.push('applications: not a list');
  } else if (Array.isArray(apps)) {
    apps.forEach((app, i) =>
      need(
        isObject(app) &&
          isNonEmptyString(app.name) &&
          isNonEmptyString(app.version) &&
          !/[,@:]/.test(`${app.name}${app.version}`) &&
          (app.namespace === undefined ||
            validators.isValidEntityName(app.namespace)),
        `applications[${i}]: needs a name and a version without ",", "@" or ":", and a namespace name if any`,
      ),
    );
  }

  const azure = item.azure;
  if (!isObject(azure)) {
    problems.push('azure: missing');
  } else {
    need(
      isNonEmptyString(azure.subscriptionId),
      'azure.subscriptionId: missing',
    );
    need(isNonEmptyString(azure.resourceGroup), 'azure.resourceGroup: missing');
    need(
      typeof azure.resourceId === 'string' &&
        /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/.+/i.test(
          azure.resourceId,
        ),
      `azure.resourceId: ${JSON.stringify(
        azure.resourceId,
      )} is not an ARM resource id (/subscriptions/.../resourceGroups/.../providers/...)`,
    );
    need(
      azure.fqdn === undefined ||
        azure.fqdn === null ||
        (typeof azure.fqdn === 'string' && HOST_NAME.test(azure.fqdn)),
      `azure.fqdn: ${JSON.stringify(azure.fqdn)} is not a host name`,
    );
    need(
      azure.certificateAuthority === undefined ||
        azure.certificateAuthority === null ||
        isCaCertificate(azure.certificateAuthority),
      'azure.certificateAuthority: not a PEM CA certificate (-----BEGIN CERTIFICATE----- ...)',
    );
  }
  return problems;
}

/** The catalog's own checks of an entity, the ones it would fail processing with. */
const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * What the catalog would refuse in an entity made from a cluster; a last
 * guard so that an entity the catalog cannot take is never published.
 */
export async function entityProblems(entity: Entity): Promise<string[]> {
  try {
    await catalogPolicy.enforce(entity);
    await resourceEntityV1alpha1Validator.check(entity);
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  applyParameters,
  CLUSTER_TEMPLATE_KIND,
  ClusterTemplateValidationError,
  clusterNameProblem,
  parseClusterTemplate,
  formatProblems,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterTemplateEntity,
  ClusterTemplateSpec,
} from '@complete-clusters/plugin-complete-clusters-common';

/** A request checked against its template: everything the engine needs to record it. */
export interface ResolvedRequest {
  name: string;
  templateRef: string;
  templateVersion: string;
  parameters: Record<string, unknown>;
  spec: ClusterTemplateSpec;
  /** The group the requester asked to own the cluster (its membership is checked against the requester later). */
  owner?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields of a request for a cluster; anything else is refused, not ignored. */
const REQUEST_FIELDS = [
  'templateRef',
  'templateVersion',
  'name',
  'parameters',
  'owner',
];

/** The owner a request names: a group's entity ref, or none. */
function parseOwner(owner: unknown): string | undefined {
  if (owner === undefined) return undefined;
  const fix =
    'Fix: name one of your groups, e.g. group:default/team-ai, or leave owner out to own the cluster yourself.';
  if (typeof owner !== 'string' || owner.trim() === '')
    throw new InputError(`owner must be a group's entity ref. ${fix}`);
  let ref;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(`owner "${owner}" is not an entity ref. ${fix}`);
  }
  if (ref.kind.toLocaleLowerCase('en-US') !== 'group')
    throw new InputError(
      `owner "${owner}" is a ${ref.kind}, not a Group. ${fix}`,
    );
  return stringifyEntityRef(ref);
}

/** Checks the body's shape, naming the field and the fix; does not look the template up. */
export function parseRequestBody(body: unknown): {
  templateRef: string;
  templateVersion?: string;
  name: string;
  parameters: Record<string, unknown>;
  owner?: string;
} {
  if (!isObject(body))
    throw new InputError(
      'The request body must be a JSON object with templateRef, name and parameters.',
    );
  const extra = Object.keys(body).filter(key => !REQUEST_FIELDS.includes(key));
  if (extra.length > 0) {
    throw new InputError(
      `${extra
        .map(key => JSON.stringify(key))
        .join(
          ', ',
        )}: not a field of a cluster request. Fix: send only ${REQUEST_FIELDS.join(
        ', ',
      )}.`,
    );
  }
  const { templateRef, templateVersion, name, parameters, owner } = body;
  if (typeof templateRef !== 'string' || templateRef.trim() === '') {
    throw new InputError(
      'templateRef is missing. Fix: give the ClusterTemplate entity ref, e.g. clustertemplate:default/developer.',
    );
  }
  let ref;
  try {
    ref = parseEntityRef(templateRef, {
      defaultKind: CLUSTER_TEMPLATE_KIND,
      defaultNamespace: 'default',
    });
  } catch (e) {
    throw new InputError(
      `templateRef "${templateRef}" is not an entity ref. Fix: use the form clustertemplate:default/<name>.`,
    );
  }
  if (
    ref.kind.toLocaleLowerCase('en-US') !==
    CLUSTER_TEMPLATE_KIND.toLocaleLowerCase('en-US')
  ) {
    throw new InputError(
      `templateRef "${templateRef}" points at a ${ref.kind}, not a ClusterTemplate. Fix: pick a template on the Clusters page.`,
    );
  }
  if (templateVersion !== undefined && typeof templateVersion !== 'string') {
    throw new InputError(
      'templateVersion must be a string such as "1.0.0". Fix: send the version shown on the template, or leave it out.',
    );
  }
  const nameProblem = clusterNameProblem(name);
  if (nameProblem) throw new InputError(`name: ${nameProblem}`);
  if (parameters !== undefined && !isObject(parameters)) {
    throw new InputError(
      "parameters must be an object of the template's parameter ids and values. Fix: send {} for the template's defaults.",
    );
  }
  // The Scaffolder passes the whole form, cluster name included; the name is not a template parameter.
  const { name: _ignored, ...answers } = (parameters ?? {}) as Record<
    string,
    unknown
  >;
  const ownerRef = parseOwner(owner);
  return {
    templateRef: stringifyEntityRef(ref),
    templateVersion,
    name: name as string,
    parameters: answers,
    ...(ownerRef ? { owner: ownerRef } : {}),
  };
}

function sameOwner(answer: unknown, owner: string | undefined): boolean {
  try {
    return typeof answer === 'string' && parseOwner(answer) === owner;
  } catch {
    return false;
  }
}

/**
 * The generated form's pre-flight checks field (`preflight`, the catalog
 * module's generator adds it to every form) holds the checks' status, which
 * the Scaffolder passes among the answers: it is no answer, unless the
 * template itself has a parameter of that id.
 */
function withoutPreflight(
  parameters: Record<string, unknown>,
  template: ClusterTemplateEntity,
): Record<string, unknown> {
  if (
    !('preflight' in parameters) ||
    (template.spec.parameters ?? []).some(p => p.id === 'preflight')
  )
    return parameters;
  const { preflight: _status, ...answers } = parameters;
  return answers;
}

/**
 * The template's answers in a request. Where groups may own the template's
 * clusters, the Scaffolder's form has an Owner field and passes it among the
 * answers too: it must be the request's owner (or empty), and is no answer.
 * Elsewhere `owner` stays an answer, which the template refuses as locked.
 */
function formAnswers(
  parsed: ReturnType<typeof parseRequestBody>,
  template: ClusterTemplateEntity,
): Record<string, unknown> {
  const all = withoutPreflight(parsed.parameters, template);
  if (!template.spec.ownership?.groups || !('owner' in all)) return all;
  const { owner, ...answers } = all;
  const empty = owner === undefined || owner === null || owner === '';
  if (!empty && !sameOwner(owner, parsed.owner))
    throw new InputError(
      `parameters.owner ${JSON.stringify(owner)} is not the request's owner (${
        parsed.owner ?? 'none: the requester'
      }). Fix: give the owning group once, as owner, or leave both out.`,
    );
  return answers;
}

/**
 * Resolves a request against the ClusterTemplate it names: the template must
 * exist and be valid, be at the version the form was made for, and accept the
 * answers (locked fields refused by name, bounds checked).
 */
export function resolveRequest(
  parsed: ReturnType<typeof parseRequestBody>,
  entity: Entity | undefined,
): ResolvedRequest {
  if (!entity) {
    throw new NotFoundError(
      `There is no ClusterTemplate ${parsed.templateRef} in the catalog. Fix: pick a template on the Clusters page.`,
    );
  }
  const { template, problems } = parseClusterTemplate(entity);
  if (!template) {
    throw new InputError(
      `${formatProblems(
        `ClusterTemplate ${parsed.templateRef}`,
        problems,
      )}\nNo cluster can be made from it until its owner fixes it.`,
    );
  }
  if (
    parsed.templateVersion &&
    parsed.templateVersion !== template.spec.version
  ) {
    throw new ConflictError(
      `ClusterTemplate ${template.metadata.name} is now at version ${template.spec.version}, but the form was made for ${parsed.templateVersion}. Fix: open the template again and submit the new form.`,
    );
  }
  if (parsed.owner && !template.spec.ownership?.groups) {
    throw new InputError(
      `owner: ClusterTemplate ${template.metadata.name} does not let a group own its clusters (its spec.ownership.groups is not true). Fix: leave owner out; the cluster will be yours.`,
    );
  }
  const answers = formAnswers(parsed, template);
  let spec: ClusterTemplateSpec;
  try {
    spec = applyParameters(template.metadata.name, template.spec, answers);
  } catch (e) {
    if (e instanceof ClusterTemplateValidationError)
      throw new InputError(e.message);
    throw e;
  }
  return {
    name: parsed.name,
    templateRef: parsed.templateRef,
    templateVersion: template.spec.version,
    parameters: answers,
    spec,
    ...(parsed.owner ? { owner: parsed.owner } : {}),
  };
}

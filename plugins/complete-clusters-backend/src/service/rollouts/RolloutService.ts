import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  KubernetesValidatorFunctions,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  CLUSTER_TEMPLATE_KIND,
  clusterReadPermission,
  ENVIRONMENTS,
  templateRolloutPermission,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { Rollout } from '@complete-clusters/plugin-complete-clusters-common';
import type { RolloutRecord } from '../../database/types';
import { Access, lowerRef } from '../access';
import type { ClusterRequestStore, RolloutStore } from '../../database/stores';
import type { ServiceDepsWith } from '../serviceDeps';
import { currentTemplate } from '../updates/currentTemplate';

/** What starting and listing rollouts work with. */
export type RolloutServiceStore = Pick<
  RolloutStore,
  'createRollout' | 'listRollouts'
> &
  Pick<ClusterRequestStore, 'listClusters'>;

export function toApiRollout(r: RolloutRecord): Rollout {
  const { position: _position, ...rest } = r;
  return rest;
}

/** Clusters that a rollout leaves alone: never built, or gone. */
const OUT_OF_ROLLOUT = ['AwaitingApproval', 'Rejected', 'Deleting', 'Deleted'];

/** The most templates one rollout (a platform release) may name. */
export const MAX_ROLLOUT_TEMPLATES = 50;

const BODY_FIELDS = ['templateRef', 'templates'];
const TEMPLATE_FIELDS = ['templateRef', 'version'];

/** One template a rollout was asked for: its ref as stored, the version asked for (if any), and the field that named it. */
interface Wanted {
  templateRef: string;
  version?: string;
  field: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A ClusterTemplate's entity ref, or a 400 naming the field and the fix: not
 * an entity ref, another kind, or a namespace or name the catalog could never
 * hold (which would otherwise be looked up and answered 404).
 */
function templateRefOf(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || !raw.trim())
    throw new InputError(
      `${field} is missing. Fix: give the ClusterTemplate, e.g. clustertemplate:default/developer.`,
    );
  const fix = 'Fix: use the form clustertemplate:default/<name>.';
  let ref;
  try {
    ref = parseEntityRef(raw, {
      defaultKind: CLUSTER_TEMPLATE_KIND,
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(`${field} "${raw}" is not an entity ref. ${fix}`);
  }
  if (ref.kind.toLowerCase() !== CLUSTER_TEMPLATE_KIND.toLowerCase())
    throw new InputError(
      `${field} "${raw}" points at a ${ref.kind}, not a ClusterTemplate. ${fix}`,
    );
  if (
    !KubernetesValidatorFunctions.isValidNamespace(ref.namespace.toLowerCase())
  )
    throw new InputError(
      `${field} "${raw}" has namespace "${ref.namespace}", which no entity can have (lower-case letters, digits and -, at most 63). ${fix}`,
    );
  if (!KubernetesValidatorFunctions.isValidObjectName(ref.name))
    throw new InputError(
      `${field} "${raw}" has name "${ref.name}", which no entity can have (letters, digits, -, _ and ., at most 63, starting and ending with a letter or digit). ${fix}`,
    );
  return stringifyEntityRef(ref);
}

/**
 * The templates a POST /rollouts body asks for: `templateRef` (a rollout of
 * one template) or `templates` (a platform release), each checked, naming
 * the field of anything wrong.
 */
export function parseRolloutBody(body: unknown): Wanted[] {
  if (!isObject(body))
    throw new InputError(
      'The request body must be a JSON object with templateRef, or templates: [{ templateRef, version? }].',
    );
  const unknown = Object.keys(body).filter(k => !BODY_FIELDS.includes(k));
  if (unknown.length)
    throw new InputError(
      `${unknown.join(', ')} ${
        unknown.length === 1 ? 'is' : 'are'
      } not a field of a rollout. Fix: send templateRef, or templates: [{ templateRef, version? }].`,
    );
  if (body.templates === undefined)
    return [
      {
        templateRef: templateRefOf(body.templateRef, 'templateRef'),
        field: 'templateRef',
      },
    ];
  if (body.templateRef !== undefined)
    throw new InputError(
      'templateRef and templates are both given. Fix: send templateRef for one template, or templates for several, not both.',
    );
  const list = body.templates;
  if (!Array.isArray(list) || list.length === 0)
    throw new InputError(
      'templates must be a list of at least one { templateRef, version? }. Fix: e.g. templates: [{ "templateRef": "clustertemplate:default/developer" }].',
    );
  if (list.length > MAX_ROLLOUT_TEMPLATES)
    throw new InputError(
      `templates names ${list.length} templates; a rollout takes at most ${MAX_ROLLOUT_TEMPLATES}. Fix: split the release.`,
    );
  const seen = new Map<string, string>();
  return list.map((item, i) => {
    const at = `templates[${i}]`;
    if (!isObject(item))
      throw new InputError(
        `${at} must be an object { templateRef, version? }. Fix: e.g. { "templateRef": "clustertemplate:default/developer" }.`,
      );
    const extra = Object.keys(item).filter(k => !TEMPLATE_FIELDS.includes(k));
    if (extra.length)
      throw new InputError(
        `${at}.${extra[0]} is not a field of a rollout's template. Fix: give templateRef and, optionally, version.`,
      );
    const field = `${at}.templateRef`;
    const templateRef = templateRefOf(item.templateRef, field);
    const key = templateRef.toLowerCase();
    if (seen.has(key))
      throw new InputError(
        `${field} names ${templateRef} again (also ${seen.get(
          key,
        )}). Fix: name each template once.`,
      );
    seen.set(key, field);
    if (
      item.version !== undefined &&
      (typeof item.version !== 'string' || !item.version.trim())
    )
      throw new InputError(
        `${at}.version must be a version string, e.g. "1.2.0". Fix: give the template's current version, or leave version out.`,
      );
    return {
      templateRef,
      field,
      ...(item.version !== undefined
        ? { version: (item.version as string).trim() }
        : {}),
    };
  });
}

/**
 * Producers roll templates' current versions out to every cluster made from
 * them: one template, or several at once (a platform release). Every
 * development cluster of them first, then every testing one, then every
 * production one, one cluster at a time, stopping at the first that fails
 * (the RolloutRunner does the work).
 */
export class RolloutService {
  private readonly access: Access;

  constructor(private readonly deps: ServiceDepsWith<RolloutServiceStore>) {
    this.access = new Access(deps);
  }

  async start(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Rollout> {
    const user = this.access.user(credentials, 'roll out templates');
    const wanted = parseRolloutBody(body);
    // Every template through the permission framework before anything is read: one refusal refuses the whole request.
    for (const w of wanted)
      await this.access.require(
        templateRolloutPermission,
        credentials,
        `roll out ${w.templateRef}`,
        w.templateRef,
      );
    const { user: requestedBy, refs } = await this.access.identity(user);
    const templates: Array<{ templateRef: string; version: string }> = [];
    for (const w of wanted) {
      const template = currentTemplate(
        await this.deps.catalog.getEntityByRef(w.templateRef, { credentials }),
      );
      if (template === 'missing')
        throw new NotFoundError(
          `There is no ClusterTemplate ${w.templateRef} in the catalog (${w.field}).`,
        );
      if (template === 'invalid')
        throw new ConflictError(
          `ClusterTemplate ${w.templateRef} is not valid; fix it before rolling it out.`,
        );
      if (!refs.has(lowerRef(template.spec.owner)))
        throw new NotAllowedError(
          `Only members of ${template.spec.owner}, which owns ${w.templateRef}, roll it out.`,
        );
      if (w.version !== undefined && w.version !== template.spec.version)
        throw new ConflictError(
          `${w.field.replace(/templateRef$/, 'version')} is ${w.version}, but ${
            w.templateRef
          } is at version ${
            template.spec.version
          }; a rollout brings clusters to the current version. Fix: give version ${
            template.spec.version
          }, or leave version out.`,
        );
      templates.push({
        templateRef: w.templateRef,
        version: template.spec.version,
      });
    }
    for (const t of templates)
      if (
        (
          await this.deps.store.listRollouts({
            templateRef: t.templateRef,
            state: 'Running',
          })
        ).length > 0
      )
        throw new ConflictError(
          `A rollout of ${t.templateRef} is already running; wait for it to finish or stop.`,
        );
    const behind = [];
    // A cluster a rebuild replaced waits for its deletion (its region may be down): the rebuild is updated instead.
    for (const t of templates)
      for (const c of await this.deps.store.listClusters({
        templateRef: t.templateRef,
      }))
        if (
          !OUT_OF_ROLLOUT.includes(c.phase) &&
          !c.rebuiltTo &&
          c.templateVersion !== t.version
        )
          behind.push({ cluster: c, toVersion: t.version });
    // Stage by stage across every template: all development clusters, then testing, then production.
    behind.sort(
      (a, b) =>
        ENVIRONMENTS.indexOf(a.cluster.spec.environment) -
          ENVIRONMENTS.indexOf(b.cluster.spec.environment) ||
        a.cluster.createdAt.localeCompare(b.cluster.createdAt) ||
        a.cluster.name.localeCompare(b.cluster.name),
    );
    const what =
      templates.length === 1
        ? templates[0].templateRef
        : `${templates.length} templates`;
    if (behind.length === 0)
      throw new ConflictError(
        templates.length === 1
          ? `Every cluster of ${what} is already at version ${templates[0].version}.`
          : `Every cluster of ${templates
              .map(t => t.templateRef)
              .join(', ')} is already at its template's current version.`,
      );
    const rollout = await this.deps.store.createRollout({
      templates: templates.map(t => ({
        templateRef: t.templateRef,
        toVersion: t.version,
      })),
      requestedBy,
      state: 'Running',
      clusters: behind.map(({ cluster: c, toVersion }) => ({
        clusterId: c.id,
        name: c.name,
        templateRef: c.templateRef,
        toVersion,
        environment: c.spec.environment,
        state: 'Waiting',
      })),
      message: `Bringing ${behind.length} cluster${
        behind.length === 1 ? '' : 's'
      } of ${what} to ${
        templates.length === 1
          ? `version ${templates[0].version}`
          : 'their new versions'
      }, development first`,
    });
    this.deps.logger.info(
      `Rollout ${rollout.id} of ${templates
        .map(t => `${t.templateRef} ${t.version}`)
        .join(', ')} to ${behind.length} clusters started by ${requestedBy}`,
    );
    this.deps.onNewWork();
    return toApiRollout(rollout);
  }

  async list(
    query: { templateRef?: unknown },
    credentials: BackstageCredentials,
  ): Promise<Rollout[]> {
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see clusters',
    );
    const templateRef =
      typeof query.templateRef === 'string' && query.templateRef
        ? query.templateRef
        : undefined;
    return (await this.deps.store.listRollouts({ templateRef })).map(
      toApiRollout,
    );
  }
}

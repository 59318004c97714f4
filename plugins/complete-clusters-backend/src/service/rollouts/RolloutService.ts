import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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
import type { ServiceDeps } from '../serviceDeps';
import { currentTemplate } from '../updates/currentTemplate';

export function toApiRollout(r: RolloutRecord): Rollout {
  const { position: _position, ...rest } = r;
  return rest;
}

/** Clusters that a rollout leaves alone: never built, or gone. */
const OUT_OF_ROLLOUT = ['AwaitingApproval', 'Rejected', 'Deleting', 'Deleted'];

/**
 * Producers roll a template's current version out to every cluster made from
 * it: development clusters first, then testing, then production, one cluster
 * at a time, stopping at the first that fails (the RolloutRunner does the work).
 */
export class RolloutService {
  private readonly access: Access;

  constructor(private readonly deps: ServiceDeps) {
    this.access = new Access(deps);
  }

  async start(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Rollout> {
    const user = this.access.user(credentials, 'roll out templates');
    const raw =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>).templateRef
        : undefined;
    if (typeof raw !== 'string' || !raw)
      throw new InputError(
        'templateRef is missing. Fix: give the ClusterTemplate, e.g. clustertemplate:default/developer.',
      );
    let templateRef: string;
    try {
      templateRef = stringifyEntityRef(
        parseEntityRef(raw, {
          defaultKind: CLUSTER_TEMPLATE_KIND,
          defaultNamespace: 'default',
        }),
      );
    } catch {
      throw new InputError(
        `templateRef "${raw}" is not an entity ref. Fix: use the form clustertemplate:default/<name>.`,
      );
    }
    await this.access.require(
      templateRolloutPermission,
      credentials,
      `roll out ${templateRef}`,
      templateRef,
    );
    const template = currentTemplate(
      await this.deps.catalog.getEntityByRef(templateRef, { credentials }),
    );
    if (template === 'missing')
      throw new NotFoundError(
        `There is no ClusterTemplate ${templateRef} in the catalog.`,
      );
    if (template === 'invalid')
      throw new ConflictError(
        `ClusterTemplate ${templateRef} is not valid; fix it before rolling it out.`,
      );
    const { user: requestedBy, refs } = await this.access.identity(user);
    if (!refs.has(lowerRef(template.spec.owner))) {
      throw new NotAllowedError(
        `Only members of ${template.spec.owner}, which owns ${templateRef}, roll it out.`,
      );
    }
    if (
      (await this.deps.store.listRollouts({ templateRef, state: 'Running' }))
        .length > 0
    ) {
      throw new ConflictError(
        `A rollout of ${templateRef} is already running; wait for it to finish or stop.`,
      );
    }
    const behind = (await this.deps.store.listClusters({ templateRef }))
      .filter(
        c =>
          !OUT_OF_ROLLOUT.includes(c.phase) &&
          c.templateVersion !== template.spec.version,
      )
      .sort(
        (a, b) =>
          ENVIRONMENTS.indexOf(a.spec.environment) -
            ENVIRONMENTS.indexOf(b.spec.environment) ||
          a.createdAt.localeCompare(b.createdAt) ||
          a.name.localeCompare(b.name),
      );
    if (behind.length === 0)
      throw new ConflictError(
        `Every cluster of ${templateRef} is already at version ${template.spec.version}.`,
      );
    const rollout = await this.deps.store.createRollout({
      templateRef,
      toVersion: template.spec.version,
      requestedBy,
      state: 'Running',
      clusters: behind.map(c => ({
        clusterId: c.id,
        name: c.name,
        environment: c.spec.environment,
        state: 'Waiting',
      })),
      message: `Bringing ${behind.length} cluster${
        behind.length === 1 ? '' : 's'
      } to version ${template.spec.version}, development first`,
    });
    this.deps.logger.info(
      `Rollout of ${templateRef} ${template.spec.version} to ${behind.length} clusters started by ${requestedBy}`,
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

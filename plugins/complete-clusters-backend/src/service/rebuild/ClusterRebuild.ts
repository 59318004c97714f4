import { randomUUID } from 'crypto';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { clusterRebuildPermission } from '@complete-clusters/plugin-complete-clusters-common';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { azureIdsFor } from '../../azure/azureIds';
import { isFinished } from '../../database/isFinished';
import type { ClusterRecord, NewClusterRequest } from '../../database/types';
import { withoutOwnerMembers } from '../../plan/subjects';
import { Access, Relation } from '../access';
import { principalsFromCatalog } from '../principalsFromCatalog';
import type { PreflightService } from '../preflight/PreflightService';
import { enforceBudgetOfChange } from '../cost/budget';
import type {
  ClusterEventStore,
  ClusterRequestStore,
} from '../../database/stores';
import type { ServiceDepsWith } from '../serviceDeps';
import { toApiCluster } from '../toApiCluster';
import { templateRegions } from './rebuildRegions';
import { respecCluster } from '../updates/respecCluster';

/** What a rebuild works with. */
export type ClusterRebuildStore = Pick<
  ClusterRequestStore,
  'getCluster' | 'getClusterById' | 'rebuildCluster' | 'requestDeletion'
> &
  Pick<ClusterEventStore, 'appendEvent'>;

const REASON_MAX = 1000;
const FIELDS = ['region', 'reason'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What a rebuild of a cluster in `region` is: its recorded template spec and
 * answers with the region answer changed (checked by the template's rules
 * again), in the same subscription, in a resource group of its own (suffixed
 * with the start of the new id: resource group names are unique in a
 * subscription whatever their region).
 */
export function planRebuild(
  record: ClusterRecord,
  target: {
    parameterId: string;
    region: string;
    id: string;
    resourceGroupPrefix: string;
  },
): Pick<NewClusterRequest, 'spec' | 'parameters' | 'azure'> {
  const parameters = {
    ...record.parameters,
    [target.parameterId]: target.region,
  };
  const spec = respecCluster(record, parameters);
  const azure = azureIdsFor(
    {
      subscriptionId: record.azure.subscriptionId,
      resourceGroupPrefix: target.resourceGroupPrefix,
      resourceGroupSuffix: `-${target.id.slice(0, 8)}`,
    },
    record.name,
    target.region,
  );
  return { spec, parameters, azure };
}

/**
 * Rebuilds a cluster in another region its template allows (a region that
 * failed, or a move), then deletes the old one once its owner confirms:
 *
 *   POST /clusters/:name/rebuild          { region, reason? }
 *   POST /clusters/:name/rebuild/confirm  delete the cluster it replaced
 *
 * The rebuild is a new cluster (a new id, its own resource group) from the
 * same template version, answers and owner, checked first by the pre-flight
 * in the target region. It and the links both ways are recorded in one
 * transaction, so a crash leaves either nothing or exactly one new cluster,
 * which the engine then builds like any other. The new cluster holds the
 * name (and so the catalog entity) from then on; the old one stays, with its
 * history, until its deletion is confirmed, and is then deleted by the
 * engine, which keeps retrying while its region does not answer.
 * Both need the `complete-clusters.cluster.rebuild` permission and the
 * cluster's owner or a member of its template's owning group.
 */
export class ClusterRebuild {
  private readonly access: Access;

  constructor(
    private readonly deps: ServiceDepsWith<ClusterRebuildStore>,
    private readonly preflight: PreflightService,
  ) {
    this.access = new Access(deps);
  }

  /** The cluster holding the name, and the caller's standing, refused unless they manage it. */
  private async managed(
    name: string,
    credentials: BackstageCredentials,
    action: string,
  ): Promise<{ record: ClusterRecord; relation: Relation }> {
    const user = this.access.user(credentials, action);
    await this.access.require(clusterRebuildPermission, credentials, action);
    const record = await this.deps.store.getCluster(name);
    if (!record || isFinished(record))
      throw new NotFoundError(`There is no cluster named ${name}.`);
    const relation = await this.access.relation(user, record);
    if (!relation.owner && !relation.templateOwner)
      throw new NotAllowedError(
        `Only the owner of cluster ${record.name} (${record.ownerRef}) or a member of ${record.spec.owner}, which owns its template, may rebuild it.`,
      );
    return { record, relation };
  }

  /** `POST /clusters/:name/rebuild`: a new cluster in `region`, the old one kept until confirmed. */
  async rebuild(
    name: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Cluster> {
    const fix =
      'Fix: send { "region": "<a region the template allows>", "reason": "<why, optional>" }.';
    if (!isObject(body))
      throw new InputError(`The body must be a JSON object. ${fix}`);
    const extra = Object.keys(body).filter(k => !FIELDS.includes(k));
    if (extra.length > 0)
      throw new InputError(
        `${extra
          .map(k => JSON.stringify(k))
          .join(', ')}: not a field of a rebuild. ${fix}`,
      );
    const { region, reason } = body;
    if (typeof region !== 'string' || region.trim() === '')
      throw new InputError(`region is missing. ${fix}`);
    if (
      reason !== undefined &&
      (typeof reason !== 'string' || reason.length > REASON_MAX)
    )
      throw new InputError(
        `reason must be text of at most ${REASON_MAX} characters. Fix: say why in a few words, or leave it out.`,
      );
    const { record, relation } = await this.managed(
      name,
      credentials,
      'rebuild clusters',
    );
    const current = record.azure.location;
    const { parameterId, regions } = templateRegions(record.spec);
    const target = region.trim();
    if (target === current)
      throw new InputError(
        `region: cluster ${name} is already in ${current}. Fix: choose another region its template allows${
          regions.length > 1
            ? `: ${regions.filter(r => r !== current).join(', ')}`
            : ' (it allows no other: its template locks infrastructure.location)'
        }.`,
      );
    if (!parameterId || !regions.includes(target))
      throw new InputError(
        `region: ${record.templateRef} does not allow ${target}${
          parameterId
            ? `. Fix: choose one of ${regions.join(', ')}.`
            : `: it locks infrastructure.location to ${current}. Fix: its owner (${record.spec.owner}) may offer regions with a parameter on infrastructure.location and an enum.`
        }`,
      );
    if (record.deletion)
      throw new ConflictError(
        `Cluster ${name} is being deleted; there is nothing to rebuild.`,
      );
    if (record.phase === 'AwaitingApproval')
      throw new ConflictError(
        `Cluster ${name} is awaiting approval and was never built; there is nothing to rebuild.`,
      );
    if (record.rebuiltFrom) {
      const previous = await this.deps.store.getClusterById(record.rebuiltFrom);
      if (previous && !isFinished(previous) && !previous.deletion)
        throw new ConflictError(
          `Cluster ${name} was rebuilt from ${previous.azure.location} and that old cluster waits for your confirmation to be deleted. Fix: confirm its deletion first (POST /clusters/${name}/rebuild/confirm), then rebuild again.`,
        );
    }

    const id = randomUUID();
    const { spec, parameters, azure } = planRebuild(record, {
      parameterId,
      region: target,
      id,
      resourceGroupPrefix: this.deps.azure.resourceGroupPrefix,
    });
    // Its worst case at the target region's prices against the template's budget, then
    // the pre-flight there, before anything is recorded: either refuses it with the figures.
    await enforceBudgetOfChange(
      {
        what: `The rebuild of ${name} in ${target}`,
        kind: 'rebuild',
        fix: `choose a region where it costs less${
          regions.length > 2
            ? ` (the template also allows ${regions
                .filter(r => r !== current && r !== target)
                .join(', ')})`
            : ''
        }`,
      },
      spec,
      record.spec,
      this.deps.cost,
    );
    await this.preflight.enforceRebuild({ name, spec, azure });
    // The members of an owning group as the catalog says now, like an update.
    const principals = {
      ...withoutOwnerMembers(record.principals),
      ...(await principalsFromCatalog(
        this.deps,
        spec,
        record.requestedBy,
        record.ownerRef,
      )),
    };
    const why =
      typeof reason === 'string' && reason.trim() ? `: ${reason.trim()}` : '';
    const rebuilt = await this.deps.store.rebuildCluster(
      record.id,
      {
        id,
        name,
        templateRef: record.templateRef,
        templateVersion: record.templateVersion,
        parameters,
        spec,
        requestedBy: record.requestedBy,
        ownerRef: record.ownerRef,
        azure,
        principals,
        phase: 'Pending',
        ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}),
      },
      {
        from: {
          clusterId: record.id,
          phase: record.phase,
          level: 'warning',
          decision: true,
          message: `Rebuild in ${target} requested by ${relation.user}${why}: cluster ${id} (resource group ${azure.resourceGroup}) replaces this one and takes the name ${name}; this one is deleted once its owner confirms`,
        },
        to: {
          clusterId: id,
          phase: 'Pending',
          level: 'info',
          decision: true,
          message: `Rebuilt from cluster ${record.id} in ${current} by ${relation.user}${why}: ${record.templateRef} version ${record.templateVersion}, the same answers, in ${target}`,
        },
      },
      `Replaced by the rebuild in ${target}, waiting for your confirmation to delete`,
    );
    this.deps.logger.info(
      `Cluster ${name} rebuild in ${target} requested by ${relation.user}`,
    );
    this.deps.onNewWork();
    return toApiCluster(rebuilt);
  }

  /** `POST /clusters/:name/rebuild/confirm`: deletes the cluster a Ready rebuild replaced. */
  async confirm(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<Cluster> {
    const { record, relation } = await this.managed(
      name,
      credentials,
      'confirm rebuilds',
    );
    const old = record.rebuiltFrom
      ? await this.deps.store.getClusterById(record.rebuiltFrom)
      : undefined;
    if (!old)
      throw new ConflictError(
        `Cluster ${name} was not rebuilt from another: there is no old cluster to delete.`,
      );
    if (isFinished(old) || old.deletion)
      throw new ConflictError(
        `The old cluster of ${name} in ${old.azure.location} is already ${
          isFinished(old) ? old.phase : 'being deleted'
        }: its deletion was confirmed${
          old.deletion?.cause === 'user' ? ` by ${old.deletion.by}` : ''
        }.`,
      );
    if (record.phase !== 'Ready')
      throw new ConflictError(
        `The rebuild of ${name} in ${record.azure.location} is ${record.phase}, not Ready: confirm the deletion of the old cluster in ${old.azure.location} once the rebuild is Ready.`,
      );
    if (
      !(await this.deps.store.requestDeletion(old.id, {
        cause: 'user',
        by: relation.user,
      }))
    )
      throw new ConflictError(
        `The old cluster of ${name} is already being deleted.`,
      );
    const message = `Deletion of the old cluster ${old.id} in ${old.azure.location} (resource group ${old.azure.resourceGroup}) confirmed by ${relation.user}, after its rebuild in ${record.azure.location} became Ready`;
    await this.deps.store.appendEvent({
      clusterId: old.id,
      phase: old.phase,
      level: 'warning',
      decision: true,
      message,
    });
    await this.deps.store.appendEvent({
      clusterId: record.id,
      phase: record.phase,
      level: 'info',
      decision: true,
      message,
    });
    this.deps.onNewWork();
    return toApiCluster((await this.deps.store.getClusterById(record.id))!);
  }
}

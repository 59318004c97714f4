import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { clusterTransferPermission } from '@complete-clusters/plugin-complete-clusters-common';
import type {
  Cluster,
  ClusterPhase,
} from '@complete-clusters/plugin-complete-clusters-common';
import { isFinished } from '../../database/isFinished';
import { OwnerAccessSync } from '../../engine/drift/OwnerAccessSync';
import { Access, lowerRef } from '../access';
import { principalsFromCatalog } from '../principalsFromCatalog';
import type { ClusterRequestStore } from '../../database/stores';
import type { OwnerAccessSyncStore } from '../../engine/drift/OwnerAccessSync';
import type { ServiceDepsWith } from '../serviceDeps';
import { toApiCluster } from '../toApiCluster';

/** What a transfer of ownership works with. */
export type OwnershipTransferStore = Pick<
  ClusterRequestStore,
  'getCluster' | 'getClusterById' | 'transferOwnership'
> &
  OwnerAccessSyncStore;

/** Phases in which the engine is not working on a cluster, so its owner may change. */
const RESTING = new Set<ClusterPhase>(['Ready', 'Failed', 'AwaitingApproval']);

/**
 * Hands a cluster over to another owner: `POST /clusters/:name/owner`
 * `{ owner }`, by a current owner (the owning user, or a member of the owning
 * group) or a member of its template's owning group, to one of the caller's
 * groups or to the caller, through the `complete-clusters.cluster.transfer`
 * permission. The new owner, the principals its role bindings then grant to
 * and a decision event change together; where the template's access follows
 * ownership, a change of the Policies phase then makes the new grants and
 * removes the old ones. The catalog entity's owner follows at the catalog
 * provider's next run.
 */
export class OwnershipTransfer {
  private readonly access: Access;
  private readonly ownerAccess: OwnerAccessSync;

  constructor(private readonly deps: ServiceDepsWith<OwnershipTransferStore>) {
    this.access = new Access(deps);
    this.ownerAccess = new OwnerAccessSync({
      store: deps.store,
      platform: deps.platform,
      logger: deps.logger,
      resolve: c =>
        principalsFromCatalog(deps, c.spec, c.requestedBy, c.ownerRef),
    });
  }

  async transfer(
    name: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Cluster> {
    const fix =
      'Fix: send { "owner": "group:default/<one of your groups>" }, or your own user entity ref to own it yourself.';
    const owner =
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>).owner
        : undefined;
    if (typeof owner !== 'string' || owner.trim() === '')
      throw new InputError(`owner is missing. ${fix}`);
    let target: string;
    try {
      target = lowerRef(
        stringifyEntityRef(
          parseEntityRef(owner.trim(), {
            defaultKind: 'group',
            defaultNamespace: 'default',
          }),
        ),
      );
    } catch {
      throw new InputError(`owner "${owner}" is not an entity ref. ${fix}`);
    }
    const user = this.access.user(credentials, 'transfer clusters');
    await this.access.require(
      clusterTransferPermission,
      credentials,
      'transfer clusters',
    );
    const record = await this.deps.store.getCluster(name);
    if (!record || isFinished(record))
      throw new NotFoundError(`There is no cluster named ${name}.`);
    const relation = await this.access.relation(user, record);
    if (!relation.owner && !relation.templateOwner) {
      throw new NotAllowedError(
        `Only the owner of cluster ${record.name} (${record.ownerRef}) or a member of ${record.spec.owner}, which owns its template, may transfer it.`,
      );
    }
    const kind = parseEntityRef(target).kind.toLocaleLowerCase('en-US');
    if (kind === 'group') {
      if (!relation.refs.has(target)) {
        const groups = [...relation.refs].filter(r => r.startsWith('group:'));
        throw new InputError(
          `owner: you are not a member of ${target}. Fix: choose one of your groups${
            groups.length ? `: ${groups.join(', ')}` : ' (you are in none)'
          }, or yourself (${lowerRef(relation.user)}).`,
        );
      }
      if (!record.spec.ownership?.groups) {
        throw new InputError(
          `owner: the template of cluster ${record.name} (${record.templateRef}) does not let a group own its clusters (its spec.ownership.groups is not true). Fix: transfer it to a user.`,
        );
      }
    } else if (kind !== 'user' || target !== lowerRef(relation.user)) {
      throw new InputError(
        `owner: ${target} is neither one of your groups nor you. Fix: name one of your groups, or yourself (${lowerRef(
          relation.user,
        )}).`,
      );
    }
    if (target === lowerRef(record.ownerRef))
      throw new InputError(
        `owner: cluster ${record.name} is already owned by ${target}. Fix: name another owner.`,
      );
    if (!RESTING.has(record.phase) || record.deletion)
      throw new ConflictError(
        `Cluster ${record.name} is ${record.phase}${
          record.deletion ? ' and being deleted' : ''
        }: transfer it once it is Ready.`,
      );
    // Who the new owner's role bindings grant to, before anything changes: a missing Entra id refuses it.
    const principals = await principalsFromCatalog(
      this.deps,
      record.spec,
      record.requestedBy,
      target,
    );
    const transferred = await this.deps.store.transferOwnership(
      record.id,
      {
        from: record.ownerRef,
        to: target,
        principals,
        phases: [...RESTING],
      },
      {
        clusterId: record.id,
        phase: record.phase,
        level: 'info',
        decision: true,
        message: `Ownership transferred from ${record.ownerRef} to ${target} by ${relation.user}`,
      },
    );
    if (!transferred)
      throw new ConflictError(
        `Cluster ${record.name} changed while it was being transferred (a rebuild, a deletion, another transfer or a change started): nothing was transferred. Fix: reload the cluster and transfer it again if it still applies.`,
      );
    const next = (await this.deps.store.getClusterById(record.id))!;
    if (await this.ownerAccess.apply(record, next)) this.deps.onNewWork();
    return toApiCluster((await this.deps.store.getClusterById(record.id))!);
  }
}

import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PlatformSettings } from '../../config/readCompleteClustersConfig';
import type { ClusterRecord, Principals } from '../../database/types';
import type {
  ClusterComponentStore,
  ClusterEventStore,
  ClusterRequestStore,
} from '../../database/stores';
import { planComponents } from '../../plan/planComponents';
import { usesOwnership } from '../../plan/subjects';
import type { AzureCall, PlannedComponent } from '../../plan/types';

/** A grant the catalog no longer or newly justifies, told in a cluster's history. */
export interface AccessChange {
  change: 'granted' | 'removed';
  message: string;
}

function grantsOf(plan: PlannedComponent[]) {
  return new Map(
    plan.filter(c => c.kind === 'roleAssignment').map(c => [c.key, c]),
  );
}

/** Who a recorded role assignment granted to, when no plan says (the label in its description). */
function labelOf(call: AzureCall | undefined): string {
  if (call?.kind !== 'roleAssignment') return 'a role assignment';
  const description = call.body.description ?? '';
  return (
    /^Complete Clusters: (.*) on /.exec(description)?.[1] ?? 'a role assignment'
  );
}

/**
 * Keeps the role assignments that follow a cluster's ownership (the `owner`
 * and `owner-members` subjects) in step with the catalog: each drift cycle it
 * resolves who they stand for now, compares the grants that gives with the
 * role assignments this portal recorded as installed on the cluster, and, when
 * they differ, records the new principals, tells each grant added or removed
 * and why in the cluster's history, and starts a change of the Policies phase,
 * in which the engine makes the missing assignments and removes those the
 * plan no longer has (only ones it made itself: they are recorded with the
 * call that made them). A catalog that cannot be read, or a new member
 * without an Entra id, changes nothing and is tried again next cycle.
 */
/** What following the catalog reads and records. */
export type OwnerAccessSyncStore = Pick<
  ClusterRequestStore,
  'setPrincipals' | 'startChange'
> &
  Pick<ClusterComponentStore, 'listComponents'> &
  Pick<ClusterEventStore, 'appendEvent'>;

export class OwnerAccessSync {
  constructor(
    private readonly deps: {
      store: OwnerAccessSyncStore;
      platform: PlatformSettings;
      logger: LoggerService;
      /** The principals of a cluster's role bindings as the catalog says now. */
      resolve: (cluster: ClusterRecord) => Promise<Principals>;
    },
  ) {}

  /** Follows the catalog for one Ready cluster; true when it started a change. */
  async follow(cluster: ClusterRecord): Promise<boolean> {
    if (!usesOwnership(cluster.spec.policies.access.roleBindings)) return false;
    let principals: Principals;
    try {
      principals = await this.deps.resolve(cluster);
    } catch (e) {
      this.deps.logger.warn(
        `Cluster ${cluster.name}: its access cannot follow the catalog now: ${
          (e as Error).message
        }`,
      );
      return false;
    }
    return this.apply(cluster, { ...cluster, principals });
  }

  /**
   * Brings the grants recorded on a cluster to what `next` (the same cluster
   * with its new owner or principals) gives, `previous` saying why the old
   * ones were given; true when it started a change.
   */
  async apply(previous: ClusterRecord, next: ClusterRecord): Promise<boolean> {
    const { store, platform, logger } = this.deps;
    const cluster = next;
    const { principals } = next;
    let before: Map<string, PlannedComponent>;
    let after: Map<string, PlannedComponent>;
    try {
      before = grantsOf(planComponents(previous, platform));
    } catch {
      before = new Map();
    }
    try {
      after = grantsOf(planComponents(next, platform));
    } catch (e) {
      logger.warn(
        `Cluster ${cluster.name}: its access cannot be planned now: ${
          (e as Error).message
        }`,
      );
      return false;
    }
    const moved =
      previous.ownerRef.toLocaleLowerCase('en-US') !==
      next.ownerRef.toLocaleLowerCase('en-US');
    const statuses = await store.listComponents(cluster.id);
    const recorded = new Map(
      statuses
        .filter(s => s.key.startsWith('access:') && s.call)
        .map(s => [s.key, s]),
    );
    const changes: AccessChange[] = [];
    for (const [key, { call }] of recorded) {
      if (after.has(key) || !call) continue;
      const old = before.get(key)?.grant;
      changes.push({
        change: 'removed',
        message: old
          ? `removed ${old.roleName} for ${old.ref}: ${
              moved
                ? `ownership moved from ${previous.ownerRef} to ${next.ownerRef}`
                : noLonger(old.because, cluster.ownerRef)
            }`
          : `removed ${labelOf(call)}: the catalog no longer gives it`,
      });
    }
    for (const [key, c] of after) {
      if (recorded.get(key)?.state === 'Installed') continue;
      if (!c.grant) continue;
      changes.push({
        change: 'granted',
        message: `granted ${c.grant.roleName} to ${c.grant.ref}: ${c.grant.because}`,
      });
    }
    if (changes.length === 0) return false;

    // Recorded before the change starts, so that whichever replica runs it plans with them.
    await store.setPrincipals(cluster.id, principals);
    if (cluster.phase !== 'Ready') return false; // a later drift cycle starts it once the cluster rests
    const started = await store.startChange(
      cluster.id,
      {
        activity: 'repair',
        phase: 'Policies',
        statusMessage: `Access follows the catalog: ${changes
          .map(c => c.message)
          .join('; ')}`,
      },
      ['Ready'],
    );
    if (!started) return false;
    for (const c of changes) {
      await store.appendEvent({
        clusterId: cluster.id,
        phase: 'Policies',
        level: 'info',
        message: `Access follows the catalog: ${c.message}`,
      });
    }
    logger.info(
      `Cluster ${cluster.name}: access follows the catalog (${
        changes.length
      } change${changes.length === 1 ? '' : 's'})`,
    );
    return true;
  }
}

function noLonger(because: string, owner: string): string {
  if (because.startsWith('member of ')) return `no longer a ${because}`;
  if (because === 'the owner')
    return `no longer the owner (now ${owner.toLocaleLowerCase('en-US')})`;
  return `no longer ${because}`;
}

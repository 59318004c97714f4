import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { PreflightResult } from '@complete-clusters/plugin-complete-clusters-common';
import { azureIdsFor } from '../../azure/azureIds';
import { subscriptionFor } from '../../config/readAzureSettings';
import { isFinished } from '../../database/isFinished';
import type { ClusterRecord } from '../../database/types';
import { Access } from '../access';
import { authorisedRequest } from '../authorisedRequest';
import type { ResolvedRequest } from '../resolveRequest';
import type { ClusterRequestStore } from '../../database/stores';
import type { ServiceDepsWith } from '../serviceDeps';
import {
  computeClientsBySubscription,
  PreflightReads,
  SdkPreflightReads,
} from './azureReads';
import { DEFAULT_MANAGED_CLUSTERS_PER_REGION } from './readPreflightSettings';
import { describeFailures, runPreflight } from './runPreflight';

/** What the pre-flight check reads. */
export type PreflightServiceStore = Pick<ClusterRequestStore, 'getCluster'>;

/**
 * How long the checks of a waiting request are reused: the approver's list
 * asks every few seconds; Azure is asked again at most this often per request.
 */
export const PENDING_CHECKS_TTL_MS = 15_000;

/** A request refused on receipt because a pre-flight check failed (409, code PreflightFailed). */
export class PreflightFailedError extends ConflictError {
  readonly code = 'PreflightFailed';
  constructor(readonly result: PreflightResult) {
    super(describeFailures(result));
  }
}

/**
 * Checks a request against Azure before anything is made: for the form
 * (`POST /preflight`) and again when the request arrives.
 */
export class PreflightService {
  private readonly access: Access;
  /** The last checks of each waiting request, by cluster id: the approvals list polls, Azure need not be asked each time. */
  private readonly pending = new Map<
    string,
    { at: number; result: PreflightResult }
  >();
  private readonly computeFor: ReturnType<typeof computeClientsBySubscription>;

  constructor(
    private readonly deps: ServiceDepsWith<PreflightServiceStore>,
    options: { readsFor?: (subscriptionId: string) => PreflightReads } = {},
  ) {
    this.access = new Access(deps);
    this.computeFor = computeClientsBySubscription(deps.azure);
    if (options.readsFor) this.readsFor = options.readsFor;
  }

  private get managedClustersPerRegion() {
    return (
      this.deps.preflight?.managedClustersPerRegion ??
      DEFAULT_MANAGED_CLUSTERS_PER_REGION
    );
  }

  private readsFor = (subscriptionId: string): PreflightReads =>
    new SdkPreflightReads(
      this.computeFor(subscriptionId),
      this.deps.clientsFor(subscriptionId),
    );

  /**
   * `POST /preflight`: the body of a request (templateRef, name, parameters),
   * validated and permission-checked exactly as a request is, then checked.
   */
  async check(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<PreflightResult> {
    const user = this.access.user(credentials, 'request clusters');
    const resolved = await authorisedRequest(
      this.deps,
      this.access,
      body,
      credentials,
    );
    const result = await this.run(resolved, user.principal.userEntityRef);
    const cost = await this.deps.cost?.estimate(resolved.spec);
    return cost ? { ...result, cost } : result;
  }

  /** Runs the checks of a resolved request for a requester. */
  async run(
    resolved: ResolvedRequest,
    requester: string,
  ): Promise<PreflightResult> {
    const existing = await this.deps.store.getCluster(resolved.name);
    const live = existing && !isFinished(existing) ? existing : undefined;
    let nameTakenBy: string | undefined;
    if (live)
      nameTakenBy = live.requestedBy === requester ? 'you' : live.requestedBy;
    const ids = azureIdsFor(
      {
        subscriptionId: subscriptionFor(
          this.deps.azure,
          resolved.templateRef,
          resolved.spec.environment,
        ),
        resourceGroupPrefix: this.deps.azure.resourceGroupPrefix,
      },
      resolved.name,
      resolved.spec.infrastructure.location,
    );
    return runPreflight(
      {
        name: resolved.name,
        spec: resolved.spec,
        subscriptionId: ids.subscriptionId,
        resourceGroup: ids.resourceGroup,
        templateOwner: resolved.spec.owner,
        nameTakenBy,
        managedClustersPerRegion: this.managedClustersPerRegion,
      },
      this.readsFor(ids.subscriptionId),
    );
  }

  /**
   * The checks of a request waiting for approval, run again now (Azure
   * changes while it waits), in the subscription and resource group recorded
   * on it; its own record does not count against its name. Undefined for any
   * other phase, or when the checks themselves broke (logged). Reused for
   * {@link PENDING_CHECKS_TTL_MS} unless `fresh` (the cluster's own page).
   */
  async forPending(
    record: Pick<ClusterRecord, 'id' | 'name' | 'phase' | 'spec' | 'azure'>,
    options: { fresh?: boolean } = {},
  ): Promise<PreflightResult | undefined> {
    if (record.phase !== 'AwaitingApproval') return undefined;
    const cached = this.pending.get(record.id);
    if (
      !options.fresh &&
      cached &&
      Date.now() - cached.at < PENDING_CHECKS_TTL_MS
    )
      return cached.result;
    try {
      const checks = await runPreflight(
        {
          name: record.name,
          spec: record.spec,
          subscriptionId: record.azure.subscriptionId,
          resourceGroup: record.azure.resourceGroup,
          templateOwner: record.spec.owner,
          managedClustersPerRegion: this.managedClustersPerRegion,
        },
        this.readsFor(record.azure.subscriptionId),
      );
      // The approver sees what it costs, at its worst case, next to the checks.
      const cost = await this.deps.cost
        ?.estimate(record.spec)
        .catch(() => undefined);
      const result = cost ? { ...checks, cost } : checks;
      if (this.pending.size >= 1000) this.pending.clear();
      this.pending.set(record.id, { at: Date.now(), result });
      return result;
    } catch (e) {
      this.deps.logger.warn(
        `Cluster ${record.name}: pre-flight checks for the approver failed: ${
          (e as Error).message
        }`,
      );
      return undefined;
    }
  }

  /**
   * Before a cluster is rebuilt elsewhere: its recorded template and answers
   * in the target region, in the subscription and new resource group it will
   * have; refused (409 PreflightFailed, naming the failed checks) when a
   * check fails. The name is its own: the cluster it replaces does not count.
   */
  async enforceRebuild(
    target: Pick<ClusterRecord, 'name' | 'spec' | 'azure'>,
  ): Promise<void> {
    const result = await runPreflight(
      {
        name: target.name,
        spec: target.spec,
        subscriptionId: target.azure.subscriptionId,
        resourceGroup: target.azure.resourceGroup,
        templateOwner: target.spec.owner,
        managedClustersPerRegion: this.managedClustersPerRegion,
      },
      this.readsFor(target.azure.subscriptionId),
    );
    if (!result.ok) throw new PreflightFailedError(result);
  }

  /** On receipt of a new request: refuses it (409 naming the failed checks and figures) when a check fails. */
  async enforce(resolved: ResolvedRequest, requester: string): Promise<void> {
    const result = await this.run(resolved, requester);
    if (!result.ok) throw new PreflightFailedError(result);
    const unknown = result.checks.filter(c => c.status === 'unknown');
    if (unknown.length > 0)
      this.deps.logger.warn(
        `Cluster ${resolved.name}: pre-flight could not check ${unknown
          .map(c => c.id)
          .join(', ')}; the request goes ahead`,
      );
  }
}

import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  clusterReadPermission,
  clusterRetryPermission,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  Cluster,
  ClusterDetails,
  ClusterHistory,
  ClusterPlan,
  ClusterRebuildStatus,
  ClusterTemplateEntity,
  RequestClusterResponse,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord, Principals } from '../database/types';
import { isFinished } from '../database/isFinished';
import { nameTakenError } from '../database/DatabaseClusterStore';
import { azureIdsFor } from '../azure/azureIds';
import {
  azureTags,
  clusterTags,
  managedClusterBody,
} from '../azure/managedClusterBody';
import { checkAzureAccess } from '../azure/checkAzureAccess';
import { planAzureRequests } from '../azure/planAzureRequests';
import { subscriptionFor } from '../config/readAzureSettings';
import { planComponents } from '../plan/planComponents';
import { Access, lowerRef } from './access';
import { allowedActions } from './allowedActions';
import { principalsFromCatalog } from './principalsFromCatalog';
import { authorisedRequest } from './authorisedRequest';
import type { ResolvedRequest } from './resolveRequest';
import type {
  ClusterComponentStore,
  ClusterEventStore,
  ClusterRequestStore,
} from '../database/stores';
import type { PreflightServiceStore } from './preflight/PreflightService';
import type { ServiceDepsWith } from './serviceDeps';
import type { ClusterListQuery } from '../router/clusterListQuery';
import { PreflightService } from './preflight/PreflightService';
import { rebuildRegions } from './rebuild/rebuildRegions';
import { checkBudget } from './cost/budget';
import {
  toApiCluster,
  toApiClusterDetails,
  toApiComponents,
  toApiEvent,
} from './toApiCluster';
import { currentTemplate } from './updates/currentTemplate';
import { scaleParameters } from './updates/scaleParameters';
import { templateUpdate } from './updates/templateUpdate';

/** What requesting and reading clusters work with. */
export type ClusterServiceStore = Pick<
  ClusterRequestStore,
  | 'requestCluster'
  | 'getCluster'
  | 'getClusterById'
  | 'listClustersNamed'
  | 'listClusters'
  | 'listClusterPage'
  | 'retryCluster'
> &
  Pick<ClusterComponentStore, 'listComponents'> &
  Pick<ClusterEventStore, 'appendEvent' | 'listEvents' | 'listEventPage'> &
  PreflightServiceStore;

/** What the HTTP API does with requests and views of clusters, independent of HTTP. */
export class ClusterService {
  private readonly access: Access;
  /** The pre-flight checks: `POST /preflight`, and again on receipt of a new request. */
  readonly preflight: PreflightService;

  constructor(private readonly deps: ServiceDepsWith<ClusterServiceStore>) {
    this.access = new Access(deps);
    this.preflight = new PreflightService(deps);
  }

  private async resolve(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<ResolvedRequest> {
    return authorisedRequest(this.deps, this.access, body, credentials);
  }

  private newRecord(
    resolved: ResolvedRequest,
    requester: string,
    principals: Principals,
  ) {
    const { owner, ...request } = resolved;
    const approval = request.spec.approval?.required === true;
    const ttl = request.spec.expiry?.timeToLiveHours;
    return {
      ...request,
      requestedBy: requester,
      ownerRef: owner ?? requester,
      principals,
      phase: approval ? ('AwaitingApproval' as const) : ('Pending' as const),
      ...(ttl
        ? { expiresAt: new Date(Date.now() + ttl * 3_600_000).toISOString() }
        : {}),
      // Chosen once, here, and recorded: every later call for this cluster goes to this subscription.
      azure: azureIdsFor(
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
      ),
    };
  }

  /** The policies and applications of a cluster with where each stands; none for a record the plan cannot be made from. */
  private async componentsOf(record: ClusterRecord) {
    if (record.phase === 'Deleted' || record.phase === 'Rejected') return [];
    let plan;
    try {
      plan = planComponents(record, this.deps.platform);
    } catch (e) {
      this.deps.logger.warn(
        `Cluster ${record.name}: cannot list its components: ${
          (e as Error).message
        }`,
      );
      return [];
    }
    return toApiComponents(
      plan,
      await this.deps.store.listComponents(record.id),
    );
  }

  /** The current ClusterTemplates of some clusters, by ref; a missing or invalid one is absent. */
  private async templatesOf(
    records: ClusterRecord[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, ClusterTemplateEntity>> {
    const refs = [...new Set(records.map(r => r.templateRef))];
    if (refs.length === 0) return new Map();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
    const templates = new Map<string, ClusterTemplateEntity>();
    items.forEach((entity: Entity | undefined, i) => {
      const template = currentTemplate(entity);
      if (typeof template !== 'string') templates.set(refs[i], template);
    });
    return templates;
  }

  /** A group may own a cluster only if the requester belongs to it, as the catalog has it now. */
  private async requireMembership(
    user: BackstageCredentials<BackstageUserPrincipal>,
    group: string,
  ) {
    const { refs } = await this.access.identity(user);
    if (refs.has(lowerRef(group))) return;
    const groups = [...refs].filter(ref => ref.startsWith('group:'));
    throw new InputError(
      `owner: you are not a member of ${group}. Fix: ${
        groups.length > 0
          ? `choose one of your groups: ${groups.join(', ')}`
          : 'leave owner out; you belong to no group in the catalog'
      }.`,
    );
  }

  /** Records a request (idempotent by name), or restarts the requester's Failed cluster of that name. */
  async requestCluster(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<RequestClusterResponse> {
    const user = this.access.user(credentials, 'request clusters');
    const requester = user.principal.userEntityRef;
    const resolved = await this.resolve(body, credentials);
    const { store } = this.deps;
    const existing = await store.getCluster(resolved.name);
    const live = existing && !isFinished(existing) ? existing : undefined;
    if (live && live.requestedBy !== requester)
      throw nameTakenError(resolved.name, live.requestedBy);
    if (resolved.owner) await this.requireMembership(user, resolved.owner);
    // A new cluster is checked against Azure first (VM sizes, quota at the worst case, version, name):
    // a failed check refuses it with the figures, and nothing is recorded.
    if (!live) await this.preflight.enforce(resolved, requester);
    // Its worst case against the template's budget: refused with the figures, or it waits for approval.
    const budget = live
      ? ({ over: false } as const)
      : await checkBudget(resolved.spec, this.deps.cost);
    const toRecord = budget.over
      ? {
          ...resolved,
          spec: {
            ...resolved.spec,
            approval: {
              ...resolved.spec.approval,
              required: true,
              approvers: resolved.spec.approval!.approvers,
            },
          },
        }
      : resolved;
    // Asking again for one's own Failed cluster restarts it: a retry, which the policy decides on like the retry action.
    if (existing?.phase === 'Failed')
      await this.access.require(
        clusterRetryPermission,
        credentials,
        `retry cluster ${resolved.name}`,
      );
    // A repeated request changes nothing, so it needs no lookups.
    const principals = live
      ? live.principals
      : await principalsFromCatalog(
          this.deps,
          resolved.spec,
          requester,
          resolved.owner,
        );
    const { cluster, created } = await store.requestCluster(
      this.newRecord(toRecord, requester, principals),
    );
    if (created) {
      await store.appendEvent({
        clusterId: cluster.id,
        phase: cluster.phase,
        level: 'info',
        decision: true,
        message: `Requested by ${requester}${
          resolved.owner ? ` for ${resolved.owner}` : ''
        } from ${resolved.templateRef} version ${resolved.templateVersion}`,
      });
      if (cluster.phase === 'AwaitingApproval' && budget.over)
        await store.appendEvent({
          clusterId: cluster.id,
          phase: 'AwaitingApproval',
          level: 'warning',
          message: budget.reason,
        });
      if (cluster.phase === 'AwaitingApproval') {
        await store.appendEvent({
          clusterId: cluster.id,
          phase: 'AwaitingApproval',
          level: 'info',
          message: `Waiting for approval by a member of ${
            resolved.spec.approval!.approvers
          }`,
        });
      }
      this.deps.logger.info(
        `Cluster ${cluster.name} requested by ${requester} from ${resolved.templateRef}`,
      );
      this.deps.onNewWork();
    } else if (
      cluster.phase === 'Failed' &&
      (await store.retryCluster(cluster.id))
    ) {
      await store.appendEvent({
        clusterId: cluster.id,
        phase: cluster.failedPhase ?? 'Pending',
        level: 'info',
        decision: true,
        message: `Retry requested by ${requester}; resuming in ${
          cluster.failedPhase ?? 'Pending'
        }, keeping what is already in place`,
      });
      this.deps.onNewWork();
      return {
        cluster: toApiCluster((await store.getClusterById(cluster.id))!),
        created,
      };
    }
    return { cluster: toApiCluster(cluster), created };
  }

  /** What a request would send to Azure; records and sends nothing. */
  async planCluster(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<ClusterPlan> {
    const user = this.access.user(credentials, 'request clusters');
    const requester = user.principal.userEntityRef;
    const resolved = await this.resolve(body, credentials);
    const existing = await this.deps.store.getCluster(resolved.name);
    if (
      existing &&
      !isFinished(existing) &&
      existing.requestedBy !== requester
    ) {
      throw nameTakenError(resolved.name, existing.requestedBy);
    }
    const record = this.newRecord(
      resolved,
      requester,
      await principalsFromCatalog(
        this.deps,
        resolved.spec,
        requester,
        resolved.owner,
      ),
    );
    const now = new Date().toISOString();
    const cluster = toApiCluster({
      ...record,
      id: '',
      attempts: 0,
      activity: 'create',
      createdAt: now,
      updatedAt: now,
    });
    const tags = clusterTags(record);
    const requests = await planAzureRequests({
      connection: this.deps.azure,
      ids: record.azure,
      resourceGroupTags: azureTags(tags),
      managedCluster: managedClusterBody(
        record.name,
        record.spec,
        tags,
        this.deps.platform.addons,
      ),
      clusterName: record.name,
      components: planComponents(record, this.deps.platform),
    });
    const azureAccess = await checkAzureAccess(
      this.deps.clientsFor(record.azure.subscriptionId),
      record.azure,
    );
    return { cluster, requests, azureAccess };
  }

  /**
   * A page of the clusters the caller may see, filtered and paged in the
   * database; owner `me`: those owned by the user or one of their groups.
   */
  async listClusters(
    credentials: BackstageCredentials,
    query: ClusterListQuery,
  ): Promise<{ items: Cluster[]; nextCursor?: string }> {
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see clusters',
    );
    let ownerRefs: string[] | undefined;
    if (query.owner === 'me') {
      if (!this.deps.auth.isPrincipal(credentials, 'user'))
        return { items: [] };
      ownerRefs = (await this.deps.userInfo.getUserInfo(credentials))
        .ownershipEntityRefs;
    } else if (query.owner) ownerRefs = [query.owner];
    const { records, nextCursor } = await this.deps.store.listClusterPage({
      ownerRefs,
      templateRef: query.template,
      phases: query.phases,
      changedSince: query.changedSince,
      limit: query.limit,
      cursor: query.cursor,
    });
    const templates = await this.templatesOf(records, credentials);
    const items = records.map(r => {
      const latest = templates.get(r.templateRef)?.spec.version;
      return {
        ...toApiCluster(r),
        ...(latest && latest !== r.templateVersion
          ? { updateAvailable: latest }
          : {}),
      };
    });
    return { items, ...(nextCursor ? { nextCursor } : {}) };
  }

  /** Requests that wait for the caller's approval: templates whose approver group they belong to, not their own. */
  async listApprovals(credentials: BackstageCredentials): Promise<Cluster[]> {
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see clusters',
    );
    if (!this.deps.auth.isPrincipal(credentials, 'user')) return [];
    const identity = await this.access.identity(credentials);
    const waiting = (
      await this.deps.store.listClusters({ phases: ['AwaitingApproval'] })
    ).filter(record => {
      const relation = this.access.relationOf(identity, record);
      return relation.approver && !relation.requester;
    });
    return Promise.all(
      waiting.map(async record => ({
        ...toApiCluster(record),
        ...(await this.withPreflight(record)),
      })),
    );
  }

  /** A request awaiting approval carries its pre-flight checks, run again for each read (the polled list reuses them briefly). */
  private async withPreflight(record: ClusterRecord, fresh = false) {
    const preflight = await this.preflight.forPending(record, { fresh });
    return preflight ? { preflight } : {};
  }

  /**
   * The cluster that has this name now (the live one, or else the newest
   * finished one), with its latest events: `events` of them (default 50),
   * older than the cursor `before` when given.
   */
  async getCluster(
    name: string,
    credentials: BackstageCredentials,
    query: { events?: unknown; before?: unknown } = {},
  ): Promise<ClusterDetails> {
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see clusters',
    );
    const page = eventPageQuery(query);
    const record = await this.deps.store.getCluster(name);
    if (!record) throw new NotFoundError(`There is no cluster named ${name}.`);
    const template = (await this.templatesOf([record], credentials)).get(
      record.templateRef,
    );
    const pending =
      record.phase === 'Deleted' || record.phase === 'Rejected'
        ? undefined
        : templateUpdate(record, template);
    const scale = scaleParameters(record.spec);
    const live = !isFinished(record);
    const regions = live ? rebuildRegions(record.spec) : [];
    const rebuild = live ? await this.rebuildOf(record) : undefined;
    const actions = await allowedActions(this.access, credentials, record, {
      update: pending?.update,
      scaleParameters: scale,
      rebuildRegions: regions,
      rebuild,
    });
    return {
      ...toApiClusterDetails(
        record,
        await this.deps.store.listEventPage(record.id, page),
        await this.componentsOf(record),
      ),
      ...(pending
        ? { update: pending.update, updateAvailable: pending.update.toVersion }
        : {}),
      actions,
      scaleParameters: scale,
      rebuildRegions: regions,
      ...(rebuild ? { rebuild } : {}),
      // Fresh for a person looking at the request; a service polling it (the Scaffolder's wait) gets none.
      ...(this.access.isUser(credentials)
        ? await this.withPreflight(record, true)
        : {}),
    };
  }

  /** A cluster's rebuild and the cluster it replaced, until that one is Deleted. */
  private async rebuildOf(
    record: ClusterRecord,
  ): Promise<ClusterRebuildStatus | undefined> {
    if (!record.rebuiltFrom) return undefined;
    const old = await this.deps.store.getClusterById(record.rebuiltFrom);
    if (!old || old.phase === 'Deleted') return undefined;
    const deleting = !!old.deletion;
    return {
      from: {
        id: old.id,
        location: old.azure.location,
        phase: old.phase,
        deleting,
      },
      to: {
        id: record.id,
        location: record.azure.location,
        phase: record.phase,
      },
      awaitingConfirmation: !deleting,
    };
  }

  /** Every cluster that has had this name, newest first, each with all its events: what a deleted cluster leaves. */
  async getHistory(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<ClusterHistory> {
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see clusters',
    );
    const records = await this.deps.store.listClustersNamed(name);
    if (records.length === 0)
      throw new NotFoundError(`No cluster has ever been named ${name}.`);
    const clusters = [];
    for (const record of records) {
      clusters.push({
        ...toApiCluster(record),
        events: (await this.deps.store.listEvents(record.id)).map(toApiEvent),
      });
    }
    return { name, clusters };
  }
}

const EVENTS_DEFAULT = 50;
const EVENTS_MAX = 500;

/** `?events=N&before=<cursor>` of GET /clusters/:name, refused naming the field when malformed. */
function eventPageQuery(query: { events?: unknown; before?: unknown }): {
  limit: number;
  before?: string;
} {
  let limit = EVENTS_DEFAULT;
  if (query.events !== undefined) {
    limit = Number(query.events);
    if (
      typeof query.events !== 'string' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > EVENTS_MAX
    ) {
      throw new InputError(
        `events must be a whole number from 1 to ${EVENTS_MAX}. Fix: e.g. ?events=50.`,
      );
    }
  }
  if (query.before === undefined) return { limit };
  if (
    typeof query.before !== 'string' ||
    !/^[1-9][0-9]{0,17}$/.test(query.before)
  ) {
    throw new InputError(
      'before must be the eventsBefore cursor of a previous answer. Fix: copy it from eventsBefore.',
    );
  }
  return { limit, before: query.before };
}

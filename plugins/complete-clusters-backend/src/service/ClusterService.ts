import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import {
  clusterCreatePermission,
  clusterReadPermission,
} from '@internal/plugin-complete-clusters-common';
import type {
  Cluster,
  ClusterDetails,
  ClusterPlan,
  RequestClusterResponse,
} from '@internal/plugin-complete-clusters-common';
import type { AzureSettings, PlatformSettings } from '../config/readCompleteClustersConfig';
import type { ClusterRecord, ClusterStore, Principals } from '../database/types';
import { nameTakenError } from '../database/DatabaseClusterStore';
import { azureIdsFor } from '../azure/azureIds';
import { azureTags, clusterTags, managedClusterBody } from '../azure/managedClusterBody';
import { planAzureRequests } from '../azure/planAzureRequests';
import { planComponents } from '../plan/planComponents';
import { parseRequestBody, resolveRequest, ResolvedRequest } from './resolveRequest';
import { resolvePrincipals } from './resolvePrincipals';
import { toApiCluster, toApiClusterDetails, toApiComponents } from './toApiCluster';

/** What the HTTP API does, independent of HTTP: requests, plans and views of clusters. */
export class ClusterService {
  constructor(
    private readonly deps: {
      store: ClusterStore;
      catalog: CatalogService;
      auth: AuthService;
      permissions: PermissionsService;
      userInfo: UserInfoService;
      logger: LoggerService;
      azure: AzureSettings;
      platform: PlatformSettings;
      /** Entra object ids of users and groups the catalog does not annotate, by lower-cased entity ref. */
      principalOverrides: Record<string, string>;
      /** Called when there is new work, so the engine starts at once instead of at its next tick. */
      onNewWork: () => void;
    },
  ) {}

  private async authorize(permission: BasicPermission, credentials: BackstageCredentials, action: string) {
    const [decision] = await this.deps.permissions.authorize([{ permission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) throw new NotAllowedError(`You are not allowed to ${action}.`);
  }

  private requester(credentials: BackstageCredentials): string {
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError('Clusters are requested on behalf of a signed-in user; sign in to the portal first.');
    }
    return credentials.principal.userEntityRef;
  }

  private async resolve(body: unknown, credentials: BackstageCredentials): Promise<ResolvedRequest> {
    const parsed = parseRequestBody(body);
    const entity = await this.deps.catalog.getEntityByRef(parsed.templateRef, { credentials });
    const resolved = resolveRequest(parsed, entity);
    this.checkPlatformSupports(resolved);
    return resolved;
  }

  /** What the template needs from this portal's configuration, refused up front rather than half-built. */
  private checkPlatformSupports(resolved: ResolvedRequest) {
    const logging = resolved.spec.applications.find(a => a.source.type === 'aks-addon' && a.source.addon === 'container-insights');
    if (logging && !this.deps.platform.addons.logAnalyticsWorkspaceResourceId) {
      throw new InputError(
        `Template ${resolved.templateRef} installs ${logging.name} (Container Insights), but this portal has no Log Analytics workspace to send logs to. ` +
          'Fix: ask your platform team to set completeClusters.addons.logAnalyticsWorkspaceResourceId. Nothing was recorded.',
      );
    }
  }

  /** The Entra principals of the template's role bindings, looked up with the plugin's own credentials. */
  private async principalsFor(resolved: ResolvedRequest, requester: string): Promise<Principals> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    return resolvePrincipals({
      spec: resolved.spec,
      requester,
      overrides: this.deps.principalOverrides,
      lookup: async refs => (await this.deps.catalog.getEntitiesByRefs({ entityRefs: refs }, { credentials })).items.map(e => e ?? undefined),
    });
  }

  private newRecord(resolved: ResolvedRequest, requester: string, principals: Principals) {
    return {
      ...resolved,
      requestedBy: requester,
      ownerRef: requester,
      principals,
      azure: azureIdsFor(this.deps.azure, resolved.name, resolved.spec.infrastructure.location),
    };
  }

  /** The policies and applications of a cluster with where each stands; none for a record the plan cannot be made from. */
  private async componentsOf(record: ClusterRecord) {
    let plan;
    try {
      plan = planComponents(record, this.deps.platform);
    } catch (e) {
      this.deps.logger.warn(`Cluster ${record.name}: cannot list its components: ${(e as Error).message}`);
      return [];
    }
    return toApiComponents(plan, await this.deps.store.listComponents(record.id));
  }

  /** Records a request (idempotent by name), or restarts the requester's Failed cluster of that name. */
  async requestCluster(body: unknown, credentials: BackstageCredentials): Promise<RequestClusterResponse> {
    await this.authorize(clusterCreatePermission, credentials, 'request clusters');
    const requester = this.requester(credentials);
    const resolved = await this.resolve(body, credentials);
    const { store } = this.deps;
    const existing = await store.getCluster(resolved.name);
    if (existing && existing.requestedBy !== requester) throw nameTakenError(resolved.name, existing.requestedBy);
    // A repeated request changes nothing, so it needs no lookups.
    const principals = existing ? existing.principals : await this.principalsFor(resolved, requester);
    const { cluster, created } = await store.requestCluster(this.newRecord(resolved, requester, principals));
    if (created) {
      await store.appendEvent({
        clusterId: cluster.id,
        phase: 'Pending',
        level: 'info',
        message: `Requested by ${requester} from ${resolved.templateRef} version ${resolved.templateVersion}`,
      });
      this.deps.logger.info(`Cluster ${cluster.name} requested by ${requester} from ${resolved.templateRef}`);
      this.deps.onNewWork();
    } else if (cluster.phase === 'Failed' && (await store.retryCluster(cluster.id))) {
      await store.appendEvent({
        clusterId: cluster.id,
        phase: 'Pending',
        level: 'info',
        message: `Retry requested by ${requester}; resuming in ${cluster.failedPhase ?? 'Pending'}, keeping what is already in place`,
      });
      this.deps.onNewWork();
      return { cluster: toApiCluster((await store.getCluster(cluster.name))!), created };
    }
    return { cluster: toApiCluster(cluster), created };
  }

  /** What a request would send to Azure; records and sends nothing. */
  async planCluster(body: unknown, credentials: BackstageCredentials): Promise<ClusterPlan> {
    await this.authorize(clusterCreatePermission, credentials, 'request clusters');
    const requester = this.requester(credentials);
    const resolved = await this.resolve(body, credentials);
    const existing = await this.deps.store.getCluster(resolved.name);
    if (existing && existing.requestedBy !== requester) {
      throw nameTakenError(resolved.name, existing.requestedBy);
    }
    const record = this.newRecord(resolved, requester, await this.principalsFor(resolved, requester));
    const now = new Date().toISOString();
    const cluster = toApiCluster({ ...record, id: '', phase: 'Pending', attempts: 0, createdAt: now, updatedAt: now });
    const tags = clusterTags(record);
    const requests = await planAzureRequests({
      settings: this.deps.azure,
      ids: record.azure,
      resourceGroupTags: azureTags(tags),
      managedCluster: managedClusterBody(record.name, record.spec, tags, this.deps.platform.addons),
      clusterName: record.name,
      components: planComponents(record, this.deps.platform),
    });
    return { cluster, requests };
  }

  /** Clusters the caller may see; with `mine`, those owned by the user or one of their groups. */
  async listClusters(credentials: BackstageCredentials, mine: boolean): Promise<Cluster[]> {
    await this.authorize(clusterReadPermission, credentials, 'see clusters');
    let ownerRefs: string[] | undefined;
    if (mine) {
      if (!this.deps.auth.isPrincipal(credentials, 'user')) return [];
      ownerRefs = (await this.deps.userInfo.getUserInfo(credentials)).ownershipEntityRefs;
    }
    return (await this.deps.store.listClusters({ ownerRefs })).map(toApiCluster);
  }

  async getCluster(name: string, credentials: BackstageCredentials): Promise<ClusterDetails> {
    await this.authorize(clusterReadPermission, credentials, 'see clusters');
    const record = await this.deps.store.getCluster(name);
    if (!record) throw new NotFoundError(`There is no cluster named ${name}.`);
    return toApiClusterDetails(record, await this.deps.store.listEvents(record.id), await this.componentsOf(record));
  }
}

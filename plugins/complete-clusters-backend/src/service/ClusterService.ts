import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
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
import type { AzureSettings } from '../config/readCompleteClustersConfig';
import type { ClusterStore } from '../database/types';
import { nameTakenError } from '../database/DatabaseClusterStore';
import { azureIdsFor } from '../azure/azureIds';
import { azureTags, clusterTags, managedClusterBody } from '../azure/managedClusterBody';
import { planAzureRequests } from '../azure/planAzureRequests';
import { parseRequestBody, resolveRequest, ResolvedRequest } from './resolveRequest';
import { toApiCluster, toApiClusterDetails } from './toApiCluster';

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
    return resolveRequest(parsed, entity);
  }

  private newRecord(resolved: ResolvedRequest, requester: string) {
    return {
      ...resolved,
      requestedBy: requester,
      ownerRef: requester,
      azure: azureIdsFor(this.deps.azure, resolved.name, resolved.spec.infrastructure.location),
    };
  }

  /** Records a request (idempotent by name), or restarts the requester's Failed cluster of that name. */
  async requestCluster(body: unknown, credentials: BackstageCredentials): Promise<RequestClusterResponse> {
    await this.authorize(clusterCreatePermission, credentials, 'request clusters');
    const requester = this.requester(credentials);
    const resolved = await this.resolve(body, credentials);
    const { store } = this.deps;
    const { cluster, created } = await store.requestCluster(this.newRecord(resolved, requester));
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
        message: `Retry requested by ${requester}; Azure's existing resources are kept and completed`,
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
    const record = this.newRecord(resolved, requester);
    const now = new Date().toISOString();
    const cluster = toApiCluster({ ...record, id: '', phase: 'Pending', attempts: 0, createdAt: now, updatedAt: now });
    const tags = clusterTags(record);
    const requests = await planAzureRequests(
      this.deps.azure,
      record.azure,
      azureTags(tags),
      managedClusterBody(record.name, record.spec, tags),
      record.name,
    );
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
    return toApiClusterDetails(record, await this.deps.store.listEvents(record.id));
  }
}

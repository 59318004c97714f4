import type {
  AuthService,
  LoggerService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AzureClients } from '../azure/createAzureClients';
import type { AzureSettings } from '../config/readAzureSettings';
import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import type { ClusterStore } from '../database/types';
import type { CostService } from './cost/CostService';
import type { PreflightSettings } from './preflight/readPreflightSettings';

/** What the HTTP API's services work with: every store, which the wiring gives each service. */
export interface ServiceDeps {
  store: ClusterStore;
  catalog: CatalogService;
  auth: AuthService;
  permissions: PermissionsService;
  userInfo: UserInfoService;
  logger: LoggerService;
  azure: AzureSettings;
  /** The Azure clients of a subscription (the dry run's access check reads with them). */
  clientsFor: (subscriptionId: string) => AzureClients;
  platform: PlatformSettings;
  /** Entra object ids of users and groups the catalog does not annotate, by lower-cased entity ref. */
  principalOverrides: Record<string, string>;
  /** Called when there is new work, so the engine starts at once instead of at its next tick. */
  onNewWork: () => void;
  /** Monthly cost estimates (the pre-flight answer's cost, budgets); absent in tests that need none. */
  cost?: CostService;
  /** `completeClusters.preflight`; absent, the defaults. */
  preflight?: PreflightSettings;
}

/** {@link ServiceDeps} with only the stores a service uses. */
export type ServiceDepsWith<Store> = Omit<ServiceDeps, 'store'> & {
  store: Store;
};

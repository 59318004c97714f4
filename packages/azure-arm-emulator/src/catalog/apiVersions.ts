/**
 * The api-versions Azure serves, per resource type, as the Azure REST API
 * specifications publish them (folder names under
 * `specification/<service>/resource-manager/<Namespace>/…/{stable,preview}/<version>`)
 * and as ARM lists them in its own refusals: AKS's list up to 2023-11-01 is
 * quoted verbatim from a `NoRegisteredProviderFound` answer (Azure/azure-cli#28368),
 * the later ones are the spec folders and the versions `@azure/arm-containerservice`
 * 25.5 knows (`KnownVersions`: 2025-10-01 … 2026-06-01).
 *
 * The SDKs this repository uses, and Debian's python3-azure (January 2023),
 * are served at their default api-versions:
 * - `@azure/arm-containerservice` 25.5: 2026-06-01; python: 2022-11-01
 * - `@azure/arm-kubernetesconfiguration` 6.1: 2023-05-01; python: 2022-03-01
 * - `@azure/arm-policy` 7.0: 2025-03-01; python: 2021-06-01
 * - `@azure/arm-authorization` 9.0: 2022-04-01 (role assignments and definitions); python: 2022-04-01
 * - `@azure/arm-resources` 8.0: 2025-04-01; python: 2022-09-01 (resources), 2021-01-01 (subscriptions)
 * - python `azure-mgmt-msi`: 2018-11-30; `azure-mgmt-policyinsights`: 2019-10-01
 */
export interface ApiType {
  /** As ARM names it in messages: `managedClusters`, `resourceGroups`, … */
  type: string;
  namespace: string;
  /**
   * Served by ARM itself (resource groups, subscriptions, providers): refused
   * with `InvalidApiVersionParameter`. Resource-provider types are refused
   * with `NoRegisteredProviderFound`, naming the location.
   */
  armNative?: boolean;
  versions: readonly string[];
}

const previews = (...v: string[]) => v.map(x => `${x}-preview`);

const AKS_VERSIONS = [
  // Quoted from ARM's answer (Azure/azure-cli#28368).
  '2017-08-31',
  '2018-03-31',
  '2019-02-01',
  '2019-04-01',
  '2019-06-01',
  '2019-08-01',
  '2019-10-01',
  '2019-11-01',
  '2020-01-01',
  '2020-02-01',
  '2020-03-01',
  '2020-04-01',
  '2020-06-01',
  '2020-07-01',
  '2020-09-01',
  '2020-11-01',
  '2020-12-01',
  '2021-02-01',
  '2021-03-01',
  '2021-05-01',
  '2021-07-01',
  '2021-08-01',
  '2021-09-01',
  '2021-10-01',
  '2022-01-01',
  '2022-01-02-preview',
  '2022-02-01',
  '2022-03-01',
  '2022-03-02-preview',
  '2022-04-01',
  '2022-04-02-preview',
  '2022-05-02-preview',
  '2022-06-01',
  '2022-06-02-preview',
  '2022-07-01',
  '2022-07-02-preview',
  '2022-08-01',
  '2022-08-02-preview',
  '2022-08-03-preview',
  '2022-09-01',
  '2022-09-02-preview',
  '2022-10-02-preview',
  '2022-11-01',
  '2022-11-02-preview',
  '2023-01-01',
  '2023-01-02-preview',
  '2023-02-01',
  '2023-02-02-preview',
  '2023-03-01',
  '2023-03-02-preview',
  '2023-04-01',
  '2023-04-02-preview',
  '2023-05-01',
  '2023-05-02-preview',
  '2023-06-01',
  '2023-06-02-preview',
  '2023-07-01',
  '2023-07-02-preview',
  '2023-08-01',
  '2023-08-02-preview',
  '2023-09-01',
  '2023-09-02-preview',
  '2023-10-01',
  '2023-10-02-preview',
  '2023-11-01',
  // The specification folders since.
  '2023-11-02-preview',
  '2024-01-01',
  '2024-01-02-preview',
  '2024-02-01',
  '2024-02-02-preview',
  '2024-03-02-preview',
  '2024-04-02-preview',
  '2024-05-01',
  '2024-05-02-preview',
  '2024-06-02-preview',
  '2024-07-01',
  '2024-07-02-preview',
  '2024-08-01',
  '2024-09-01',
  '2024-09-02-preview',
  '2024-10-01',
  '2024-10-02-preview',
  '2025-01-01',
  '2025-01-02-preview',
  '2025-02-01',
  '2025-02-02-preview',
  '2025-03-01',
  '2025-03-02-preview',
  '2025-04-01',
  '2025-04-02-preview',
  '2025-05-01',
  '2025-05-02-preview',
  '2025-06-01',
  '2025-06-02-preview',
  '2025-07-01',
  '2025-07-02-preview',
  '2025-08-01',
  '2025-08-02-preview',
  '2025-09-01',
  '2025-09-02-preview',
  '2025-10-01',
  '2025-10-02-preview',
  // @azure/arm-containerservice 25.5 KnownVersions.
  '2026-01-01',
  '2026-02-01',
  '2026-03-01',
  '2026-04-01',
  '2026-05-01',
  '2026-06-01',
];

const EXTENSION_VERSIONS = [
  ...previews('2020-07-01', '2021-05-01'),
  '2021-09-01',
  ...previews('2021-11-01', '2022-01-01'),
  '2022-03-01',
  '2022-04-02-preview',
  '2022-07-01',
  '2022-11-01',
  '2023-05-01',
  '2024-11-01',
  '2025-03-01',
];

const FLUX_VERSIONS = [
  ...previews('2021-06-01', '2021-11-01', '2022-01-01'),
  '2022-03-01',
  '2022-07-01',
  '2022-11-01',
  '2023-05-01',
  '2024-04-01-preview',
  '2024-11-01',
  '2025-04-01',
];

const POLICY_VERSIONS = [
  '2015-10-01-preview',
  '2015-11-01',
  '2016-04-01',
  '2016-12-01',
  '2017-06-01-preview',
  '2018-03-01',
  '2018-05-01',
  '2019-01-01',
  '2019-06-01',
  '2019-09-01',
  '2020-09-01',
  '2021-06-01',
  '2022-06-01',
  '2023-04-01',
  '2024-04-01',
  '2024-05-01',
  '2025-01-01',
  '2025-03-01',
];

const ROLE_ASSIGNMENT_VERSIONS = [
  '2014-04-01-preview',
  '2015-06-01',
  '2015-07-01',
  '2017-10-01-preview',
  '2018-01-01-preview',
  '2018-09-01-preview',
  '2019-04-01-preview',
  '2020-03-01-preview',
  '2020-04-01-preview',
  '2020-08-01-preview',
  '2020-10-01-preview',
  '2022-01-01-preview',
  '2022-04-01',
];

const ROLE_DEFINITION_VERSIONS = [
  '2014-04-01-preview',
  '2015-06-01',
  '2015-07-01',
  '2018-01-01-preview',
  '2022-04-01',
  '2022-05-01-preview',
];

const RESOURCES_VERSIONS = [
  '2014-04-01-preview',
  '2015-01-01',
  '2015-11-01',
  '2016-02-01',
  '2016-06-01',
  '2016-07-01',
  '2016-09-01',
  '2017-05-10',
  '2018-02-01',
  '2018-05-01',
  '2019-03-01',
  '2019-05-01',
  '2019-05-10',
  '2019-07-01',
  '2019-08-01',
  '2019-10-01',
  '2020-06-01',
  '2020-08-01',
  '2020-10-01',
  '2021-01-01',
  '2021-04-01',
  '2022-09-01',
  '2023-07-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-03-01',
  '2025-04-01',
];

const SUBSCRIPTION_VERSIONS = [
  '2014-04-01-preview',
  '2015-01-01',
  '2016-06-01',
  '2018-06-01',
  '2019-06-01',
  '2019-11-01',
  '2020-01-01',
  '2021-01-01',
  '2022-12-01',
  // ARM serves subscriptions at the Microsoft.Resources versions too.
  ...RESOURCES_VERSIONS.filter(v => v > '2022-12-01'),
];

const MSI_VERSIONS = [
  '2015-08-31-preview',
  '2018-11-30',
  '2021-09-30-preview',
  '2022-01-31-preview',
  '2023-01-31',
  '2023-07-31-preview',
  '2024-11-30',
  '2025-01-31-preview',
];

const POLICY_INSIGHTS_VERSIONS = ['2018-04-04', '2019-10-01', '2024-10-01'];

/**
 * Microsoft.Compute: `skus` (ResourceSkus_List) has its own spec folder
 * (`Microsoft.Compute/Skus/stable/{2017-03-30,2017-09-01,2019-04-01,2021-07-01}`;
 * `@azure/arm-compute` 25.1 sends 2021-07-01); `locations/usages`
 * (Usage_List) follows the ComputeRP versions (`@azure/arm-compute` 25.1
 * sends 2026-04-01, the Azure CLI 2024-07-01).
 */
const COMPUTE_SKU_VERSIONS = [
  '2017-03-30',
  '2017-09-01',
  '2019-04-01',
  '2021-07-01',
];
const COMPUTE_VERSIONS = [
  '2015-06-15',
  '2016-03-30',
  '2016-04-30-preview',
  '2017-03-30',
  '2017-12-01',
  '2018-04-01',
  '2018-06-01',
  '2018-10-01',
  '2019-03-01',
  '2019-07-01',
  '2019-12-01',
  '2020-06-01',
  '2020-12-01',
  '2021-03-01',
  '2021-04-01',
  '2021-07-01',
  '2021-11-01',
  '2022-03-01',
  '2022-08-01',
  '2022-11-01',
  '2023-03-01',
  '2023-07-01',
  '2023-09-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-04-01',
  '2026-04-01',
];

const cs = (type: string, versions = AKS_VERSIONS): ApiType => ({
  type,
  namespace: 'Microsoft.ContainerService',
  versions,
});
const auth = (type: string, versions: string[]): ApiType => ({
  type,
  namespace: 'Microsoft.Authorization',
  versions,
});

export const API_TYPES = {
  resourceGroups: {
    type: 'resourceGroups',
    namespace: 'Microsoft.Resources',
    armNative: true,
    versions: RESOURCES_VERSIONS,
  },
  subscriptions: {
    type: 'subscriptions',
    namespace: 'Microsoft.Resources',
    armNative: true,
    versions: SUBSCRIPTION_VERSIONS,
  },
  providers: {
    type: 'providers',
    namespace: 'Microsoft.Resources',
    armNative: true,
    versions: RESOURCES_VERSIONS,
  },
  managedClusters: cs('managedClusters'),
  agentPools: cs(
    'managedClusters/agentPools',
    AKS_VERSIONS.filter(v => v >= '2019-02-01'),
  ),
  aksOperations: cs('locations/operations'),
  /** `locations/kubernetesVersions` (ListKubernetesVersions), since 2023-04-01 stable. */
  kubernetesVersions: cs(
    'locations/kubernetesVersions',
    AKS_VERSIONS.filter(v => v >= '2023-04-01'),
  ),
  upgradeProfiles: cs(
    'managedClusters/upgradeProfiles',
    AKS_VERSIONS.filter(v => v >= '2018-03-31'),
  ),
  extensions: {
    type: 'extensions',
    namespace: 'Microsoft.KubernetesConfiguration',
    versions: EXTENSION_VERSIONS,
  },
  fluxConfigurations: {
    type: 'fluxConfigurations',
    namespace: 'Microsoft.KubernetesConfiguration',
    versions: FLUX_VERSIONS,
  },
  policyAssignments: auth('policyAssignments', POLICY_VERSIONS),
  policyDefinitions: auth('policyDefinitions', POLICY_VERSIONS),
  policySetDefinitions: auth(
    'policySetDefinitions',
    POLICY_VERSIONS.filter(v => v >= '2017-06-01-preview'),
  ),
  roleAssignments: auth('roleAssignments', ROLE_ASSIGNMENT_VERSIONS),
  roleDefinitions: auth('roleDefinitions', ROLE_DEFINITION_VERSIONS),
  resourceSkus: {
    type: 'skus',
    namespace: 'Microsoft.Compute',
    versions: COMPUTE_SKU_VERSIONS,
  },
  computeUsages: {
    type: 'locations/usages',
    namespace: 'Microsoft.Compute',
    versions: COMPUTE_VERSIONS,
  },
  userAssignedIdentities: {
    type: 'userAssignedIdentities',
    namespace: 'Microsoft.ManagedIdentity',
    versions: MSI_VERSIONS,
  },
  policyStates: {
    type: 'policyStates',
    namespace: 'Microsoft.PolicyInsights',
    versions: POLICY_INSIGHTS_VERSIONS,
  },
} satisfies Record<string, ApiType>;

export type ApiTypeName = keyof typeof API_TYPES;

/** ARM's api-version syntax: a date, optionally `-preview` (or another suffix). */
export function isApiVersionSyntax(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/i.test(v);
}

/** Whether `version` is before `than` (api-versions sort as strings; a preview sorts after its own date's stable). */
export function versionBefore(version: string, than: string): boolean {
  return version.toLowerCase() < than.toLowerCase();
}

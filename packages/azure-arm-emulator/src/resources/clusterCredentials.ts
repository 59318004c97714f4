import { createHash } from 'node:crypto';
import { ArmError } from '../errors';
import { settleOperations } from '../lro/operations';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { createClusterCertificateAuthority } from './clusterCertificateAuthority';
import { TENANT_ID } from './common';
import { requireCluster } from './managedClusters';

/**
 * POST …/managedClusters/{name}/listClusterUserCredential and
 * …/listClusterAdminCredential, as AKS answers them (REST API specification,
 * example ManagedClustersListClusterUserCredentials, 2025-10-01):
 * `{ kubeconfigs: [{ name, value }] }`, `value` a base64 kubeconfig.
 *
 * Every cluster has its own certificate authority, made the first time its
 * credentials are asked for (creating thousands of clusters costs nothing)
 * and kept with the cluster, so it survives the state file; a cluster
 * deleted and created again gets a new one, as in Azure.
 *
 * Kubeconfigs are never logged.
 */

/** The Azure Kubernetes Service AAD Server application, the token audience kubelogin asks for. */
const AKS_AAD_SERVER_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
/** The Azure Kubernetes Service AAD Client application kubelogin signs in as. */
const AKS_AAD_CLIENT_ID = '80faf920-1908-4b52-b5ef-a8e7bedfc67a';

const FORMATS = ['azure', 'exec'];

/**
 * AKS, for the admin credential (and any static one) of a cluster with
 * `disableLocalAccounts: true`: 400 BadRequest, text as AKS returns it
 * (hashicorp/terraform-provider-azurerm#15489, aztfmod/terraform-azurerm-caf#1345).
 */
function localAccountsDisabled() {
  return new ArmError(
    400,
    'BadRequest',
    'Getting static credential is not allowed because this cluster is set to disable local accounts.',
  );
}

/** The cluster's CA certificate (PEM), made on first use. */
export function clusterCertificateAuthority(
  ctx: EmulatorContext,
  cluster: StoredResource,
): string {
  if (!cluster.certificateAuthority)
    cluster.certificateAuthority = createClusterCertificateAuthority(ctx.now());
  return cluster.certificateAuthority;
}

interface KubeconfigUser {
  name: string;
  /** The `user:` entry, already indented by six spaces. */
  lines: string[];
}

function kubeconfig(
  cluster: StoredResource,
  ca: string,
  user: KubeconfigUser,
): string {
  const name = cluster.name;
  const server = `https://${cluster.resource.properties.fqdn}:443`;
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${Buffer.from(ca, 'utf8').toString(
      'base64',
    )}`,
    `    server: ${server}`,
    `  name: ${name}`,
    'contexts:',
    '- context:',
    `    cluster: ${name}`,
    `    user: ${user.name}`,
    `  name: ${name}`,
    `current-context: ${name}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${user.name}`,
    '  user:',
    ...user.lines,
    '',
  ].join('\n');
}

/** A static bearer token for a cluster with local accounts, stable for the cluster's CA. */
function staticToken(cluster: StoredResource, ca: string, who: string): string {
  return createHash('sha256')
    .update(`${cluster.key}\n${who}\n${ca}`)
    .digest('hex');
}

/** The user entry of a Microsoft Entra ID (AAD) cluster: kubelogin (exec) or the legacy azure auth-provider. */
function entraUser(cluster: StoredResource, format: string): string[] {
  const tenantId: string =
    cluster.resource.properties.aadProfile?.tenantID ?? TENANT_ID;
  if (format === 'azure') {
    return [
      '    auth-provider:',
      '      config:',
      `        apiserver-id: ${AKS_AAD_SERVER_ID}`,
      `        client-id: ${AKS_AAD_CLIENT_ID}`,
      '        config-mode: "1"',
      '        environment: AzurePublicCloud',
      `        tenant-id: ${tenantId}`,
      '      name: azure',
    ];
  }
  return [
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    '      args:',
    '      - get-token',
    '      - --environment',
    '      - AzurePublicCloud',
    '      - --server-id',
    `      - ${AKS_AAD_SERVER_ID}`,
    '      - --client-id',
    `      - ${AKS_AAD_CLIENT_ID}`,
    '      - --tenant-id',
    `      - ${tenantId}`,
    '      - --login',
    '      - devicecode',
    '      command: kubelogin',
    '      env: null',
    '      interactiveMode: IfAvailable',
    '      provideClusterInfo: false',
  ];
}

function credentialResults(name: string, config: string): ArmResponse {
  return {
    status: 200,
    body: {
      kubeconfigs: [
        { name, value: Buffer.from(config, 'utf8').toString('base64') },
      ],
    },
  };
}

function target(ctx: EmulatorContext, req: ArmRequest): StoredResource {
  settleOperations(ctx);
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, name);
  const serverFqdn = req.query.get('server-fqdn');
  if (
    serverFqdn !== null &&
    !['public', 'private'].includes(serverFqdn.toLowerCase())
  ) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The value of parameter server-fqdn '${serverFqdn}' is invalid. Use public or private.`,
      'server-fqdn',
    );
  }
  return cluster;
}

export function listClusterUserCredential(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const cluster = target(ctx, req);
  const format = req.query.get('format') ?? 'exec';
  if (!FORMATS.includes(format.toLowerCase())) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The value of parameter format '${format}' is invalid. Use azure or exec.`,
      'format',
    );
  }
  const props = cluster.resource.properties;
  const ca = clusterCertificateAuthority(ctx, cluster);
  const userName = `clusterUser_${cluster.resourceGroup}_${cluster.name}`;
  if (props.aadProfile) {
    return credentialResults(
      'clusterUser',
      kubeconfig(cluster, ca, {
        name: userName,
        lines: entraUser(cluster, format.toLowerCase()),
      }),
    );
  }
  // Without Entra ID the user credential is a static one, which disabled local accounts forbid.
  if (props.disableLocalAccounts) throw localAccountsDisabled();
  return credentialResults(
    'clusterUser',
    kubeconfig(cluster, ca, {
      name: userName,
      lines: [`    token: ${staticToken(cluster, ca, 'user')}`],
    }),
  );
}

export function listClusterAdminCredential(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const cluster = target(ctx, req);
  if (cluster.resource.properties.disableLocalAccounts)
    throw localAccountsDisabled();
  const ca = clusterCertificateAuthority(ctx, cluster);
  const userName = `clusterAdmin_${cluster.resourceGroup}_${cluster.name}`;
  return credentialResults(
    'clusterAdmin',
    kubeconfig(cluster, ca, {
      name: userName,
      lines: [`    token: ${staticToken(cluster, ca, 'admin')}`],
    }),
  );
}

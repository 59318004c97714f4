import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { PolicyClient } from '@azure/arm-policy';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import type { AzureSettings } from '../config/readCompleteClustersConfig';

/** The official Azure SDK clients the engine drives. */
export interface AzureClients {
  resources: ResourceManagementClient;
  containerService: ContainerServiceClient;
  /** AKS cluster extensions (Flux) and Flux configurations. */
  kubernetesConfiguration: SourceControlConfigurationClient;
  /** Role definitions and role assignments. */
  authorization: AuthorizationManagementClient;
  /** Policy assignments. */
  policy: PolicyClient;
}

/** A bearer token given in configuration, e.g. from `az account get-access-token`. */
class ConfiguredTokenCredential implements TokenCredential {
  constructor(private readonly token: string) {}
  async getToken(): Promise<AccessToken> {
    return { token: this.token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 };
  }
}

export function credentialFor(settings: AzureSettings): TokenCredential {
  return settings.credential.type === 'accessToken'
    ? new ConfiguredTokenCredential(settings.credential.token)
    : new DefaultAzureCredential();
}

/**
 * Clients for the configured subscription and endpoint. `httpClient` replaces
 * the transport (the dry run records requests with it; tests trust a local CA).
 */
export function createAzureClients(
  settings: AzureSettings,
  options: { credential?: TokenCredential; httpClient?: HttpClient } = {},
): AzureClients {
  const credential = options.credential ?? credentialFor(settings);
  const clientOptions = {
    // The engine retries itself, between steps and persisted, honouring Retry-After without
    // holding a worker; the SDK's in-request retries would sleep inside a step.
    retryOptions: { maxRetries: 0 },
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  };
  return {
    resources: new ResourceManagementClient(credential, settings.subscriptionId, clientOptions),
    containerService: new ContainerServiceClient(credential, settings.subscriptionId, clientOptions),
    kubernetesConfiguration: new SourceControlConfigurationClient(credential, settings.subscriptionId, clientOptions),
    authorization: new AuthorizationManagementClient(credential, settings.subscriptionId, clientOptions),
    policy: new PolicyClient(credential, settings.subscriptionId, clientOptions),
  };
}

import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { SourceControlConfigurationClient } from '@azure/arm-kubernetesconfiguration';
import { PolicyClient } from '@azure/arm-policy';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { DefaultAzureCredential } from '@azure/identity';
import type { AzureCredentialSettings } from '../config/readAzureSettings';
import { retryAfterPolicy } from './retryAfter';
import { pacingPolicy } from './pacing/pacingPolicy';
import type { SubscriptionPacer } from './pacing/SubscriptionPacer';
import { StaticTokenCredential } from './staticTokenCredential';

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

/** Where and as whom the engine reaches Azure; the subscription comes from each cluster. */
export interface AzureConnection {
  /** ARM endpoint; undefined means Azure public cloud. */
  endpoint?: string;
  credential: AzureCredentialSettings;
}

/** The credential configuration asks for: DefaultAzureCredential unless a static (emulator) token is given. */
export function credentialFor(
  credential: AzureCredentialSettings,
): TokenCredential {
  return credential.type === 'accessToken'
    ? new StaticTokenCredential(
        credential.token,
        'completeClusters.azure.credential.token',
      )
    : new DefaultAzureCredential();
}

export interface AzureClientOptions {
  credential?: TokenCredential;
  httpClient?: HttpClient;
  /**
   * The subscription's shared budget: every request takes its tokens first
   * (waiting up to `maxInlineWaitMs`, else PacedError). None: not paced.
   */
  pacing?: { pacer: SubscriptionPacer; maxInlineWaitMs: number };
}

/**
 * Clients for one subscription. `httpClient` replaces the transport (the dry
 * run records requests with it; tests trust a local CA).
 */
export function createAzureClients(
  settings: AzureConnection & { subscriptionId: string },
  options: AzureClientOptions = {},
): AzureClients {
  const credential = options.credential ?? credentialFor(settings.credential);
  const clientOptions = {
    // The engine retries itself, between steps and persisted, honouring Retry-After without
    // holding a worker; the SDK's in-request retries would sleep inside a step.
    retryOptions: { maxRetries: 0 },
    // Polls follow the operation's own Retry-After, which the SDK's pollers do not hand out.
    additionalPolicies: [
      ...(options.pacing
        ? [
            {
              policy: pacingPolicy(
                options.pacing.pacer,
                options.pacing.maxInlineWaitMs,
              ),
              position: 'perCall' as const,
            },
          ]
        : []),
      { policy: retryAfterPolicy, position: 'perCall' as const },
    ],
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  };
  const { subscriptionId } = settings;
  return {
    resources: new ResourceManagementClient(
      credential,
      subscriptionId,
      clientOptions,
    ),
    containerService: new ContainerServiceClient(
      credential,
      subscriptionId,
      clientOptions,
    ),
    kubernetesConfiguration: new SourceControlConfigurationClient(
      credential,
      subscriptionId,
      clientOptions,
    ),
    authorization: new AuthorizationManagementClient(
      credential,
      subscriptionId,
      clientOptions,
    ),
    policy: new PolicyClient(credential, subscriptionId, clientOptions),
  };
}

/**
 * The clients of each subscription, made on first use and kept, all sharing
 * one credential so that its tokens are fetched and cached once. Every call
 * for a cluster goes through the clients of the subscription recorded on it.
 */
export function azureClientsBySubscription(
  connection: AzureConnection,
  options: AzureClientOptions = {},
): (subscriptionId: string) => AzureClients {
  const credential = options.credential ?? credentialFor(connection.credential);
  const clients = new Map<string, AzureClients>();
  return subscriptionId => {
    const key = subscriptionId.toLowerCase();
    let found = clients.get(key);
    if (!found) {
      found = createAzureClients(
        { ...connection, subscriptionId },
        { ...options, credential },
      );
      clients.set(key, found);
    }
    return found;
  };
}

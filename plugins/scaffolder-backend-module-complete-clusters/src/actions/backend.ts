import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import {
  COMPLETE_CLUSTERS_PLUGIN_ID,
  type CompleteClustersClient,
} from '@complete-clusters/plugin-complete-clusters-common';

/**
 * The part of the complete-clusters backend API the actions use. The module
 * passes a `CompleteClustersClient`; tests pass an in-memory fake.
 * @public
 */
export type ClusterApi = Pick<
  CompleteClustersClient,
  'requestCluster' | 'planCluster' | 'getCluster'
>;

/**
 * What every complete-clusters action needs.
 * @public
 */
export interface ClusterActionOptions {
  /** The complete-clusters backend. */
  client: ClusterApi;
  /** Issues tokens on behalf of the user who started the task. */
  auth: AuthService;
}

/**
 * A token for the complete-clusters backend on behalf of whoever started the
 * task, so the backend records and authorizes them, never the Scaffolder.
 * Asked for on every call: a wait can outlive a single token.
 */
export async function tokenFor(
  auth: AuthService,
  ctx: { getInitiatorCredentials(): Promise<BackstageCredentials> },
): Promise<string> {
  const { token } = await auth.getPluginRequestToken({
    onBehalfOf: await ctx.getInitiatorCredentials(),
    targetPluginId: COMPLETE_CLUSTERS_PLUGIN_ID,
  });
  return token;
}

/** The backend's own words for a failed call, without the HTTP wrapping. */
function backendMessage(error: ResponseError): string {
  return error.cause?.message || error.statusText || `HTTP ${error.statusCode}`;
}

/**
 * Turns an error answer of the complete-clusters backend into the error the
 * task log should show: the backend's message (which names the field and the
 * fix), as the matching Backstage error, instead of "Request failed with 409".
 * Anything else is passed through.
 */
export function backendError(error: unknown): Error {
  if (!ResponseError.is(error)) {
    return error instanceof Error ? error : new Error(String(error));
  }
  const message = backendMessage(error);
  switch (error.statusCode) {
    case 400:
      return new InputError(message);
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new Error(
        `The complete-clusters backend answered ${[
          error.statusCode,
          error.statusText,
        ]
          .filter(Boolean)
          .join(' ')}: ${message}`,
      );
  }
}

/**
 * Whether a failed call may succeed if tried again: the backend restarting or
 * overloaded (5xx, 429) or unreachable (no HTTP answer at all).
 */
export function isTransient(error: unknown): boolean {
  if (ResponseError.is(error))
    return error.statusCode >= 500 || error.statusCode === 429;
  return !(error instanceof Error && error.name === 'AbortError');
}

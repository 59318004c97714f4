import { isRestError } from '@azure/core-rest-pipeline';
import { PacedError } from './pacing/pacingPolicy';

/** An Azure failure in words for the person who asked for the cluster. */
export interface AzureFailure {
  /** Plain words: what went wrong and what to do. */
  message: string;
  /** Worth another attempt (throttling, server errors, dropped connections, operations Azure failed internally). */
  transient: boolean;
  /** Azure's Retry-After, when it gave one. */
  retryAfterMs?: number;
  /** Azure answered 429: not a failure of this cluster, only a reason to wait. */
  throttled?: boolean;
}

const QUOTA = /quota/i;
const REGION =
  /^(LocationNotAvailableForResourceType|LocationNotAvailableForResourceGroup|NoRegisteredProviderFound|LocationNotAvailable|InvalidLocation)$/;
const VM_SIZE =
  /^(VMSizeNotSupported|InvalidVMSize|ErrCode_VMSizeNotSupported|SkuNotAvailable|ErrCode_SkuNotAvailable)$/;
const ACCESS =
  /^(AuthenticationFailed|AuthorizationFailed|InvalidAuthenticationToken\w*|ExpiredAuthenticationToken|LinkedAuthorizationFailed)$/;
/** What @azure/identity throws when it cannot give a token. */
const CREDENTIAL =
  /^(CredentialUnavailableError|AuthenticationError|AggregateAuthenticationError)$/;
const TRANSIENT_CODES =
  /^(InternalOperationError|InternalServerError|ServerTimeout|ServiceUnavailable|GatewayTimeout|OperationPreempted|RetryableError|TooManyRequests|SubscriptionRequestsThrottled|ResourceGroupRequestsThrottled|OperationNotAllowed|AnotherOperationInProgress|Canceled)$/;
const NETWORK_CODES =
  /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|ECONNABORTED|REQUEST_SEND_ERROR|UND_ERR_SOCKET)$/;

function retryAfterMs(e: unknown): number | undefined {
  const header = isRestError(e)
    ? e.response?.headers.get('retry-after')
    : undefined;
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function codeAndMessage(e: unknown): {
  code?: string;
  status?: number;
  detail: string;
} {
  if (isRestError(e))
    return { code: e.code, status: e.statusCode, detail: e.message };
  const err = e as { code?: string; message?: string };
  return { code: err?.code, detail: err?.message ?? String(e) };
}

/**
 * Turns what the Azure SDK threw (a RestError with ARM's code and message, a
 * failed operation's error, or a network error) into plain words, and says
 * whether trying again can help.
 */
export function describeAzureError(e: unknown, doing: string): AzureFailure {
  const { code, status, detail } = codeAndMessage(e);
  const azure = `(Azure ${code ?? status ?? 'error'}: ${detail})`;
  if (code === 'FluxNotCompliant') {
    return {
      transient: false,
      message: `Flux could not finish ${doing}: ${detail}`,
    };
  }
  if (code && QUOTA.test(code)) {
    return {
      transient: false,
      message: `Azure has no quota left for ${doing}. Ask your platform team to raise the subscription's vCPU quota for that VM family and region, or choose fewer or smaller nodes. ${azure}`,
    };
  }
  if (code && REGION.test(code)) {
    return {
      transient: false,
      message: `Azure does not offer this in the template's region, so ${doing} is not possible there. The template owner must choose another region. ${azure}`,
    };
  }
  // AKS answers an unusable VM size with BadRequest and "The VM size of X is not allowed ...".
  if ((code && VM_SIZE.test(code)) || /\bVM size\b/i.test(detail)) {
    return {
      transient: false,
      message: `Azure does not offer a VM size of the template in its region, so ${doing} failed. The template owner must choose a VM size available there. ${azure}`,
    };
  }
  if (code && ACCESS.test(code)) {
    return {
      transient: false,
      message: `The portal's Azure identity may not do ${doing}. The platform team must give it the roles listed in docs/real-azure.md on the cluster's subscription, or fix completeClusters.azure.credential. ${azure}`,
    };
  }
  if (CREDENTIAL.test((e as Error)?.name ?? '')) {
    // @azure/identity could not get a token (no identity found, sign-in refused, a configured token expired): no call was sent.
    return {
      transient: false,
      message: `The portal could not sign in to Azure for ${doing}, so nothing was sent. ${
        /\bFix:/.test(detail)
          ? detail
          : `${detail} Fix: correct completeClusters.azure.credential or the identity DefaultAzureCredential finds (docs/real-azure.md), then retry.`
      }`,
    };
  }
  if (e instanceof PacedError) {
    // Our own pacing, before Azure was asked: wait as for a 429, no attempt spent.
    return {
      transient: true,
      throttled: true,
      retryAfterMs: e.waitMs,
      message: `${e.message} ${doing[0].toUpperCase()}${doing.slice(
        1,
      )} waits until then.`,
    };
  }
  if ((e as Error)?.name === 'AbortError') {
    // The engine's own time limit on one call (completeClusters.engine.requestTimeoutSeconds): Azure may still act on it.
    return {
      transient: true,
      message: `Azure did not answer in time while ${doing}; the engine asks again.`,
    };
  }
  if (status === 429) {
    const retryAfter = retryAfterMs(e);
    return {
      transient: true,
      throttled: true,
      retryAfterMs: retryAfter,
      message: `Azure is limiting requests in this subscription; ${doing} waits ${Math.round(
        (retryAfter ?? 0) / 1000,
      )} s and goes on.`,
    };
  }
  const transient =
    (code !== undefined &&
      (TRANSIENT_CODES.test(code) || NETWORK_CODES.test(code))) ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    (status === undefined && code === undefined);
  if (transient) {
    return {
      transient: true,
      retryAfterMs: retryAfterMs(e),
      message: `Azure could not finish ${doing} this time. ${azure}`,
    };
  }
  return { transient: false, message: `Azure refused ${doing}. ${azure}` };
}

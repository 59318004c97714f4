import { errors } from '../errors';

/** The tenant every identity the emulator hands out belongs to (also `tid` of its tokens). */
export const EMULATOR_TENANT_ID = '00000000-0000-0000-0000-0000000000f1';

export interface EmulatorTokenOptions {
  /** Seconds until `exp` (default 3600; negative for an expired token). */
  expiresInSeconds?: number;
  tenantId?: string;
  /** `oid` of the caller (default the emulator's caller object id). */
  objectId?: string;
  now?: number;
}

const b64 = (value: unknown) =>
  Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * An access token shaped like the ones Microsoft Entra ID issues for ARM
 * (`aud` https://management.azure.com/, `iss`, `tid`, `oid`, `iat`, `nbf`,
 * `exp`), unsigned (`alg: none`): the emulator checks that a bearer token is
 * a JWT and has not expired, never its signature. For tests and local
 * configuration: `credential.getToken` can hand it out as it is.
 */
export function emulatorAccessToken(
  options: EmulatorTokenOptions = {},
): string {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const tenantId = options.tenantId ?? EMULATOR_TENANT_ID;
  const header = { typ: 'JWT', alg: 'none' };
  const payload = {
    aud: 'https://management.azure.com/',
    iss: `https://sts.windows.net/${tenantId}/`,
    iat: now,
    nbf: now,
    exp: now + (options.expiresInSeconds ?? 3600),
    tid: tenantId,
    oid: options.objectId ?? '00000000-0000-0000-0000-00000000ca11',
    appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  };
  return `${b64(header)}.${b64(payload)}.`;
}

/** The audiences ARM accepts in a token, as its 401 lists them. */
const ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
];

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(
      Buffer.from(segment, 'base64url').toString('utf8'),
    );
    return value && typeof value === 'object' && !Array.isArray(value)
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks an `Authorization` header as ARM does before anything else: a
 * bearer token that is a JWT (three base64url segments, JSON header and
 * payload) and not expired. Throws ARM's 401 with `WWW-Authenticate`.
 */
export function authenticate(
  authorization: string | undefined,
  nowMs: number,
): Record<string, unknown> {
  if (!authorization || !/^Bearer\s+\S+/i.test(authorization))
    throw errors.authenticationFailed();
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  const parts = token.split('.');
  const header = parts.length === 3 ? decodeSegment(parts[0]) : undefined;
  const payload = parts.length === 3 ? decodeSegment(parts[1]) : undefined;
  if (!header || !payload) {
    throw errors.invalidAuthenticationToken(
      'The token is not a JSON Web Token: it must have three base64url segments, the first two JSON.',
    );
  }
  const audience = typeof payload.aud === 'string' ? payload.aud : undefined;
  if (audience !== undefined && !ARM_AUDIENCES.includes(audience))
    throw errors.invalidAudience(audience, ARM_AUDIENCES);
  if (typeof payload.exp === 'number' && payload.exp * 1000 < nowMs) {
    const at = new Date(payload.exp * 1000).toISOString();
    throw errors.expiredAuthenticationToken(at, new Date(nowMs).toISOString());
  }
  return payload;
}

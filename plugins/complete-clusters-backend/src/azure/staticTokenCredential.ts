import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { CredentialUnavailableError } from '@azure/identity';

/** What the portal reads from a JSON Web Token's payload: when it stops being valid, and for what. */
export interface TokenClaims {
  /** Expiry, milliseconds since the epoch (the `exp` claim). */
  expiresOnTimestamp: number;
  /** The `aud` claim, when there is one. */
  audience?: string;
}

function decodeSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Reads the claims of a bearer token shaped as a JWT (header.payload.signature,
 * as Microsoft Entra issues them for Resource Manager). Returns a reason
 * instead when the token is no JWT or says nothing about its expiry: such a
 * token's validity is unknown, and the portal claims none it cannot show.
 */
export function readTokenClaims(
  token: string,
): TokenClaims | { problem: string } {
  const parts = token.trim().split('.');
  if (parts.length !== 3)
    return {
      problem:
        'it is not a JSON Web Token (three base64url parts separated by dots)',
    };
  const header = decodeSegment(parts[0]);
  const payload = decodeSegment(parts[1]) as
    | Record<string, unknown>
    | undefined;
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof payload !== 'object' ||
    payload === null
  ) {
    return { problem: 'its header or payload is not base64url-encoded JSON' };
  }
  if (typeof payload.exp !== 'number' || !Number.isFinite(payload.exp)) {
    return {
      problem: 'it has no numeric exp claim, so when it expires is unknown',
    };
  }
  const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
  return {
    expiresOnTimestamp: payload.exp * 1000,
    ...(typeof aud === 'string' ? { audience: aud } : {}),
  };
}

/**
 * A bearer token given in configuration (the emulator's, or one from
 * `az account get-access-token` for a short manual test). It reports the
 * expiry written in the token, and once that has passed it refuses to hand
 * the token out, saying which key to fix, rather than send a dead token.
 */
export class StaticTokenCredential implements TokenCredential {
  private readonly expiresOnTimestamp: number;

  constructor(
    private readonly token: string,
    /** The configuration key the token came from, named in errors. */
    private readonly key: string,
  ) {
    const claims = readTokenClaims(token);
    if ('problem' in claims)
      throw new Error(`The token in ${key} cannot be used: ${claims.problem}.`);
    this.expiresOnTimestamp = claims.expiresOnTimestamp;
  }

  async getToken(_scopes: string | string[]): Promise<AccessToken> {
    if (Date.now() >= this.expiresOnTimestamp) {
      throw new CredentialUnavailableError(
        `The token in ${this.key} expired at ${new Date(
          this.expiresOnTimestamp,
        ).toISOString()}. ` +
          'Fix: give a new one, or use credential type "default" (DefaultAzureCredential) so that tokens are renewed.',
      );
    }
    return { token: this.token, expiresOnTimestamp: this.expiresOnTimestamp };
  }
}

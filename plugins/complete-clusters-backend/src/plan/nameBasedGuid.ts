import { createHash } from 'crypto';

/**
 * A GUID derived from a name (RFC 4122 version 5 layout over SHA-1), so that
 * the same role assignment or role definition always gets the same Azure
 * name: a repeated PUT is idempotent instead of a second grant.
 */
export function nameBasedGuid(...parts: string[]): string {
  const hash = createHash('sha1')
    .update(parts.join('\u0000').toLowerCase())
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

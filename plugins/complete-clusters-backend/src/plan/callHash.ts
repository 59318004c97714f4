import { createHash } from 'crypto';
import type { AzureCall } from './types';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .filter(k => (value as Record<string, unknown>)[k] !== undefined)
        .map(k => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A short fingerprint of an Azure call: equal for the same request, whatever the key order. */
export function callHash(call: AzureCall): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(call)))
    .digest('hex')
    .slice(0, 16);
}

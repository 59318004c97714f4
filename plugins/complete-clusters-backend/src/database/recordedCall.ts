import type { AzureCall } from '../plan/types';

/** Every kind of Azure call a component is installed by: the compiler holds it to `AzureCall`. */
const CALL_KINDS: Record<AzureCall['kind'], true> = {
  policyAssignment: true,
  roleDefinition: true,
  roleAssignment: true,
  extension: true,
  fluxConfiguration: true,
  addon: true,
};

/**
 * The Azure call a component was installed by, as its row keeps it (so that a
 * component the plan no longer has can be removed): the one serialise.
 */
export function serialiseRecordedCall(call: AzureCall): string {
  return JSON.stringify(call);
}

/**
 * The one parse of a component's recorded call. Text that is not a call of a
 * known kind is no call: the component is then kept in Azure rather than
 * removed by a guess, as for a component recorded before calls were kept.
 */
export function parseRecordedCall(
  text: string | null | undefined,
): AzureCall | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' &&
      value !== null &&
      Object.hasOwn(CALL_KINDS, String((value as { kind?: unknown }).kind))
      ? (value as AzureCall)
      : undefined;
  } catch {
    return undefined;
  }
}

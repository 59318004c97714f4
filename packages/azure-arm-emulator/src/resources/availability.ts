import { normalizeLocation } from '../catalog/regions';
import { findVmSize, VM_SIZES } from '../catalog/vmSizes';
import { errors } from '../errors';
import { EmulatorContext } from '../server/context';

/** The resource type as ARM names it in its messages. */
const MANAGED_CLUSTER_TYPE_NAME = 'Microsoft.ContainerService/managedClusters';

/**
 * ARM's location check, made before the resource provider sees the request.
 * Returns the programmatic name of the location.
 */
export function requireAvailableLocation(
  ctx: EmulatorContext,
  location: string,
  kind: 'resourceGroup' | 'managedCluster' | 'userAssignedIdentity',
): string {
  const loc = normalizeLocation(location);
  const available = ctx.config.locations.map(normalizeLocation);
  if (available.includes(loc)) return loc;
  throw kind === 'resourceGroup'
    ? errors.locationNotAvailableForResourceGroup(loc, available)
    : errors.locationNotAvailableForResourceType(
        loc,
        kind === 'managedCluster'
          ? MANAGED_CLUSTER_TYPE_NAME
          : 'Microsoft.ManagedIdentity/userAssignedIdentities',
        available,
      );
}

/** VM sizes the subscription may use in a location, lower-cased and sorted as AKS lists them. */
export function availableVmSizes(
  ctx: EmulatorContext,
  location: string,
): string[] {
  const loc = normalizeLocation(location);
  const blocked = new Set(
    Object.entries(ctx.config.unavailableVmSizes ?? {})
      .filter(([l]) => normalizeLocation(l) === loc)
      .flatMap(([, names]) => (Array.isArray(names) ? names : []))
      .map(n => String(n).toLowerCase()),
  );
  return VM_SIZES.map(s => s.name.toLowerCase())
    .filter(n => !blocked.has(n))
    .sort();
}

/** AKS's check of a pool's VM size: known to the catalogue and not blocked in the location. */
export function requireAllowedVmSize(
  ctx: EmulatorContext,
  vmSize: unknown,
  location: string,
) {
  if (vmSize === undefined || vmSize === null) return; // AKS picks a default size
  const available = availableVmSizes(ctx, location);
  const size = findVmSize(vmSize);
  if (!size || !available.includes(size.name.toLowerCase())) {
    throw errors.vmSizeNotAllowed(
      String(vmSize),
      normalizeLocation(location),
      available,
    );
  }
}

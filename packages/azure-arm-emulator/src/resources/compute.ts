import { API_TYPES, ApiTypeName } from '../catalog/apiVersions';
import { normalizeLocation } from '../catalog/regions';
import { VM_SIZES } from '../catalog/vmSizes';
import { ArmError, errors } from '../errors';
import { limitFor, TOTAL_REGIONAL, vCpuUsage } from '../quota/vCpuQuota';
import { ArmRequest, ArmResponse, EmulatorContext } from '../server/context';

/**
 * Refuses a `…/locations/{location}/…` read for a location the subscription
 * cannot use, as ARM does before the resource provider sees it:
 * `NoRegisteredProviderFound` naming the location, the type and the
 * supported locations. Returns the programmatic name.
 */
export function requireServedLocation(
  ctx: EmulatorContext,
  req: ArmRequest,
  api: ApiTypeName,
): string {
  const location = normalizeLocation(req.params.location ?? '');
  const served = ctx.config.locations.map(normalizeLocation);
  if (served.includes(location)) return location;
  const t = API_TYPES[api];
  throw errors.noRegisteredProviderFound(
    req.params.location ?? '',
    req.apiVersion,
    t.type,
    t.versions,
    served,
  );
}

/** Whether the subscription may not use a VM size in a location (`unavailableVmSizes`). */
function restrictedIn(ctx: EmulatorContext, location: string): Set<string> {
  return new Set(
    Object.entries(ctx.config.unavailableVmSizes ?? {})
      .filter(([l]) => normalizeLocation(l) === location)
      .flatMap(([, names]) => (Array.isArray(names) ? names : []))
      .map(n => String(n).toLowerCase()),
  );
}

/** Zones where the subscription may not use each VM size in a location (`unavailableVmSizeZones`), by lower-cased size. */
function zonesRestrictedIn(
  ctx: EmulatorContext,
  location: string,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [l, bySize] of Object.entries(
    ctx.config.unavailableVmSizeZones ?? {},
  )) {
    if (normalizeLocation(l) !== location || typeof bySize !== 'object')
      continue;
    for (const [size, zones] of Object.entries(bySize ?? {}))
      if (Array.isArray(zones) && zones.length > 0)
        out.set(size.toLowerCase(), zones.map(String).sort());
  }
  return out;
}

/**
 * One `virtualMachines` SKU in one location, shaped as the 2021-07-01
 * example `ListAvailableResourceSkusForARegion.json`: a SKU the subscription
 * may not use carries a `Location` restriction with reason
 * `NotAvailableForSubscription` (what `az vm list-skus` shows as
 * "NotAvailableForSubscription"), one barred from some zones a `Zone`
 * restriction naming them; an unrestricted one `restrictions: []`.
 */
function renderSku(
  size: (typeof VM_SIZES)[number],
  location: string,
  restricted: boolean,
  restrictedZones: string[] = [],
) {
  const restrictions: object[] = [];
  if (restricted)
    restrictions.push({
      type: 'Location',
      values: [location],
      restrictionInfo: { locations: [location] },
      reasonCode: 'NotAvailableForSubscription',
    });
  if (restrictedZones.length > 0)
    restrictions.push({
      type: 'Zone',
      values: [location],
      restrictionInfo: { locations: [location], zones: restrictedZones },
      reasonCode: 'NotAvailableForSubscription',
    });
  return {
    resourceType: 'virtualMachines',
    name: size.name,
    tier: 'Standard',
    size: size.name.replace(/^Standard_/, ''),
    family: size.family,
    locations: [location],
    locationInfo: [{ location, zones: ['1', '2', '3'], zoneDetails: [] }],
    capabilities: [
      { name: 'vCPUs', value: String(size.vCpus) },
      { name: 'vCPUsAvailable', value: String(size.vCpus) },
      { name: 'HyperVGenerations', value: 'V1,V2' },
      { name: 'LowPriorityCapable', value: 'True' },
      { name: 'PremiumIO', value: 'True' },
    ],
    restrictions,
  };
}

/** The only `$filter` ResourceSkus_List supports: `location eq '<location>'`. */
const LOCATION_FILTER = /^\s*location\s+eq\s+'([^']*)'\s*$/i;

/**
 * `GET /subscriptions/{s}/providers/Microsoft.Compute/skus[?$filter=location eq '…']`
 * (ResourceSkus_List): the catalogue's VM sizes, one entry per location,
 * in every location the emulator serves or in the filtered one. A location
 * Azure does not know matches nothing (an empty list, as Azure answers); a
 * filter other than `location eq '…'` is refused (`InvalidParameter` on
 * `$filter`: the spec says only the location filter is supported).
 */
export function listResourceSkus(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const filter = req.query.get('$filter');
  let locations = ctx.config.locations.map(normalizeLocation);
  if (filter !== null) {
    const m = LOCATION_FILTER.exec(filter);
    if (!m) {
      throw new ArmError(
        400,
        'InvalidParameter',
        `The value '${filter}' of parameter '$filter' is invalid. Only the location filter is supported, e.g. $filter=location eq 'westus'.`,
        '$filter',
      );
    }
    const wanted = normalizeLocation(m[1]);
    locations = locations.filter(l => l === wanted);
  }
  const value = locations.flatMap(location => {
    const restricted = restrictedIn(ctx, location);
    const zones = zonesRestrictedIn(ctx, location);
    return VM_SIZES.map(size =>
      renderSku(
        size,
        location,
        restricted.has(size.name.toLowerCase()),
        zones.get(size.name.toLowerCase()),
      ),
    );
  });
  return { status: 200, body: { value } };
}

/**
 * `GET /subscriptions/{s}/providers/Microsoft.Compute/locations/{l}/usages`
 * (Usage_List), shaped as the spec's `ListUsages` example: `cores` (Total
 * Regional vCPUs) first, then every VM family the catalogue knows or the
 * quotas name, each with the vCPUs the subscription's agent pools in that
 * location use now (nodes × vCPUs) and its limit.
 */
export function listComputeUsages(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const location = requireServedLocation(ctx, req, 'computeUsages');
  const usage = vCpuUsage(ctx, req.params.subscriptionId, location);
  const families = new Map<string, string>();
  for (const s of VM_SIZES) families.set(s.family.toLowerCase(), s.family);
  for (const [l, table] of Object.entries(ctx.config.quotas ?? {})) {
    if (l !== '*' && normalizeLocation(l) !== location) continue;
    for (const name of Object.keys(table ?? {}))
      if (
        name.toLowerCase() !== TOTAL_REGIONAL &&
        !families.has(name.toLowerCase())
      )
        families.set(name.toLowerCase(), name);
  }
  const usedBy = new Map(
    [...usage.byFamily].map(([f, n]) => [f.toLowerCase(), n]),
  );
  const entry = (value: string, localizedValue: string, used: number) => ({
    unit: 'Count',
    currentValue: used,
    limit: limitFor(ctx, location, value),
    name: { value, localizedValue },
  });
  return {
    status: 200,
    body: {
      value: [
        entry(TOTAL_REGIONAL, 'Total Regional vCPUs', usage.total),
        ...[...families.values()]
          .sort((a, b) => a.localeCompare(b))
          .map(f => entry(f, `${f} vCPUs`, usedBy.get(f.toLowerCase()) ?? 0)),
      ],
    },
  };
}

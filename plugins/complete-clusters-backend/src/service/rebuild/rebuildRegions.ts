import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';

/** The template field that says where a cluster is built. */
export const LOCATION_FIELD = 'infrastructure.location';

/**
 * The regions a cluster's template allows it in: the choices of its consumer
 * parameter on `infrastructure.location` (the consumer may pick any of them,
 * so may a rebuild). A template that locks the location allows only that one.
 */
export function templateRegions(spec: ClusterTemplateSpec): {
  parameterId?: string;
  regions: string[];
} {
  const param = (spec.parameters ?? []).find(p => p.field === LOCATION_FIELD);
  const regions = (param?.enum ?? []).filter(
    (r): r is string => typeof r === 'string',
  );
  if (!param || regions.length === 0)
    return { regions: [spec.infrastructure.location] };
  return { parameterId: param.id, regions };
}

/** The regions a cluster could be rebuilt in: those its template allows but the one it is in. */
export function rebuildRegions(spec: ClusterTemplateSpec): string[] {
  return templateRegions(spec).regions.filter(
    r => r !== spec.infrastructure.location,
  );
}

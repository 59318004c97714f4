import { readField } from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterTemplateSpec,
  ScaleParameter,
} from '@complete-clusters/plugin-complete-clusters-common';

const POOL_SIZE =
  /^infrastructure\.nodePools\.[^.]+\.(count|autoscale\.(min|max))$/;

/** The consumer parameters that size a node pool: what "scale within the template's bounds" may change. */
export function scaleParameters(spec: ClusterTemplateSpec): ScaleParameter[] {
  return (spec.parameters ?? [])
    .filter(
      p =>
        POOL_SIZE.test(p.field) &&
        (p.type === 'integer' || p.type === 'number'),
    )
    .map(p => ({
      id: p.id,
      title: p.title,
      field: p.field,
      value: Number(readField(spec, p.field).value),
      ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
      ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
    }));
}

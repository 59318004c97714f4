import type {
  ClusterTemplateSpec,
  ConsumerParameter,
} from '../model/ClusterTemplate';
import {
  CLUSTER_TEMPLATE_API_VERSION,
  CLUSTER_TEMPLATE_KIND,
} from '../model/constants';
import { readField, templatePath, writeField } from '../parameters/fieldPath';
import { fitsParameterType } from '../parameters/parameterType';
import { schemaProblems } from './schemaProblems';
import { templateRuleProblems } from './semanticProblems';
import { quote } from './rules/text';
import type { ValidationProblem } from './ValidationProblem';

/** Spec fields a consumer can never set, whatever the template says. */
const ALWAYS_LOCKED = [
  'owner',
  'version',
  'environment',
  'approval',
  'parameters',
  'drift',
  'lifecycle',
  'expiry',
  'ownership',
  'budget',
];

function duplicates(names: string[]): string[] {
  return names.filter((name, i) => names.indexOf(name) !== i);
}

// A field the template already has a problem with is not blamed on the parameter too.
const key = (p: ValidationProblem) => p.field;

/** Every problem of a spec but those about its parameters: the schema's, then the rules'. */
function specProblems(spec: ClusterTemplateSpec): ValidationProblem[] {
  const entity = {
    apiVersion: CLUSTER_TEMPLATE_API_VERSION,
    kind: CLUSTER_TEMPLATE_KIND,
    metadata: { name: 'template' },
    spec,
  };
  const problems = schemaProblems(entity);
  return problems.length > 0 ? problems : templateRuleProblems(spec);
}

/** The values a consumer could choose that a template must still be valid with: the bounds, each allowed value, the default. */
function candidates(
  param: ConsumerParameter,
): Array<{ field: string; value: unknown }> {
  const list: Array<{ field: string; value: unknown }> = [];
  if (param.enum)
    param.enum.forEach((value, j) => list.push({ field: `enum[${j}]`, value }));
  else if (param.type === 'boolean')
    list.push({ field: 'type', value: true }, { field: 'type', value: false });
  if (!param.enum && param.minimum !== undefined)
    list.push({ field: 'minimum', value: param.minimum });
  if (!param.enum && param.maximum !== undefined)
    list.push({ field: 'maximum', value: param.maximum });
  if (param.default !== undefined)
    list.push({ field: 'default', value: param.default });
  return list;
}

/**
 * What is wrong with a template's consumer parameters: each must set an
 * existing, unlocked field of the right type, and every value it lets a
 * consumer choose (its bounds, its allowed values, its default) must leave
 * the template valid. A problem with the template's own value names the
 * field by its template path and the parameter that sets it.
 */
export function parameterProblems(
  spec: ClusterTemplateSpec,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const parameters: ConsumerParameter[] = spec.parameters ?? [];
  for (const id of new Set(duplicates(parameters.map(p => p.id)))) {
    problems.push({
      field: 'spec.parameters',
      message: `two parameters have the id ${id}`,
      fix: 'give every parameter its own id',
    });
  }
  for (const field of new Set(duplicates(parameters.map(p => p.field)))) {
    problems.push({
      field: 'spec.parameters',
      message: `two parameters set ${field}`,
      fix: 'let one parameter set each field',
    });
  }
  const existing =
    parameters.length > 0
      ? new Set(specProblems(spec).map(key))
      : new Set<string>();
  parameters.forEach((param, i) => {
    const at = `spec.parameters[${i}]`;
    const root = param.field.split('.')[0];
    if (ALWAYS_LOCKED.includes(root)) {
      problems.push({
        field: `${at}.field`,
        message: `${param.field} can never be set by a consumer`,
        fix: `remove this parameter; ${ALWAYS_LOCKED.join(
          ', ',
        )} are always locked`,
      });
      return;
    }
    if (
      spec.policies.access.locked &&
      param.field.startsWith('policies.access')
    ) {
      problems.push({
        field: `${at}.field`,
        message: `${param.field} is under policies.access, which this template locks`,
        fix: 'remove this parameter, or set policies.access.locked: false',
      });
      return;
    }
    const target = readField(spec, param.field);
    const path = templatePath(spec, param.field);
    if (!target.found || !path) {
      problems.push({
        field: `${at}.field`,
        message: `${param.field} is not a field of this template`,
        fix: 'point at an existing field; node pools, applications and role bindings are addressed by name, e.g. infrastructure.nodePools.gpu.autoscale.max',
      });
      return;
    }
    const current = target.value;
    const typeOk = (v: unknown) => fitsParameterType(param.type, v);
    if (!typeOk(current)) {
      problems.push({
        field: `${at}.type`,
        message: `${param.field} (${path}) holds ${quote(current)}, not a ${
          param.type
        }`,
        fix: 'make the parameter type match the field it sets',
      });
      return;
    }
    if (
      param.minimum !== undefined &&
      param.maximum !== undefined &&
      param.minimum > param.maximum
    ) {
      problems.push({
        field: `${at}.minimum`,
        message: `minimum ${param.minimum} is greater than maximum ${param.maximum}`,
        fix: 'make minimum less than or equal to maximum',
      });
      return;
    }
    if (param.enum && !param.enum.every(typeOk)) {
      problems.push({
        field: `${at}.enum`,
        message: `holds values that are not a ${param.type}`,
        fix: `list only ${param.type} values`,
      });
      return;
    }
    // The template's own value is what a consumer gets by default, so it must be one the parameter allows.
    for (const [what, value, field] of [
      ['default', param.default, `${at}.default`],
      ['the template value', current, path],
    ] as const) {
      if (value === undefined) continue;
      const of = what === 'default' ? '' : ` of parameter ${param.id} (${at})`;
      if (!typeOk(value)) {
        problems.push({
          field,
          message: `${what} ${quote(value)} is not a ${param.type}${of}`,
          fix: `give a ${param.type}`,
        });
      } else if (
        typeof value === 'number' &&
        ((param.minimum !== undefined && value < param.minimum) ||
          (param.maximum !== undefined && value > param.maximum))
      ) {
        problems.push({
          field,
          message: `${what} ${value} is outside ${param.minimum ?? '-∞'}..${
            param.maximum ?? '∞'
          }${of}`,
          fix: 'keep it within minimum and maximum',
        });
      } else if (param.enum && !param.enum.includes(value as string | number)) {
        const allows =
          what === 'default'
            ? 'the parameter allows'
            : `parameter ${param.id} (${at}) allows`;
        problems.push({
          field,
          message: `${what} ${quote(value)} is not one of the values ${allows}`,
          fix: `use one of ${param.enum.join(', ')}`,
        });
      }
    }
    // Every value a consumer may choose must leave a valid template (no minimum: -5 on a node count).
    for (const candidate of candidates(param)) {
      if (!typeOk(candidate.value)) continue;
      const refused = specProblems(
        writeField(spec, param.field, candidate.value),
      ).filter(p => !existing.has(key(p)));
      if (refused.length > 0) {
        const first = refused[0];
        problems.push({
          field: `${at}.${candidate.field}`,
          message: `${quote(candidate.value)} would set ${path}, and then ${
            first.field
          } ${first.message}`,
          fix: `let consumers choose only values ${path} accepts${
            first.fix ? ` (${first.fix})` : ''
          }`,
        });
      }
    }
  });
  return problems;
}

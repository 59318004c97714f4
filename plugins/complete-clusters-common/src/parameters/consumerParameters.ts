import type { JsonObject, JsonValue } from '@backstage/types';
import type {
  ClusterTemplateSpec,
  ConsumerParameter,
} from '../model/ClusterTemplate';
import {
  ClusterTemplateValidationError,
  ValidationProblem,
} from '../validation/ValidationProblem';
import {
  CLUSTER_TEMPLATE_API_VERSION,
  CLUSTER_TEMPLATE_KIND,
} from '../model/constants';
import { clusterTemplateProblems } from '../validation/validateClusterTemplate';
import { readField, templatePath, writeField } from './fieldPath';
import { fitsParameterType } from './parameterType';
import { quote } from '../validation/rules/text';
import {
  CLUSTER_NAME_MAX_LENGTH,
  CLUSTER_NAME_MIN_LENGTH,
  CLUSTER_NAME_PATTERN,
  CLUSTER_NAME_RULE,
} from './clusterName';

/**
 * The default a consumer sees: the parameter's own, else the template's value.
 * @public
 */
export function parameterDefault(
  spec: ClusterTemplateSpec,
  param: ConsumerParameter,
): unknown {
  return param.default ?? readField(spec, param.field).value;
}

/**
 * The JSON schema of the request form for a template: a required cluster
 * `name` and exactly the template's consumer parameters, with their defaults.
 * @public
 */
export function requestFormSchema(spec: ClusterTemplateSpec): {
  required: string[];
  properties: Record<string, JsonObject>;
} {
  const properties: Record<string, JsonObject> = {
    name: {
      title: 'Cluster name',
      type: 'string',
      description: CLUSTER_NAME_RULE,
      pattern: CLUSTER_NAME_PATTERN,
      minLength: CLUSTER_NAME_MIN_LENGTH,
      maxLength: CLUSTER_NAME_MAX_LENGTH,
      // Shown by the Scaffolder form (ajv-errors) instead of the bare regular expression.
      errorMessage: {
        pattern: `Use ${CLUSTER_NAME_RULE}.`,
        minLength: `Use at least ${CLUSTER_NAME_MIN_LENGTH} characters: ${CLUSTER_NAME_RULE}.`,
        maxLength: `Use at most ${CLUSTER_NAME_MAX_LENGTH} characters: ${CLUSTER_NAME_RULE}.`,
      },
    },
  };
  for (const param of spec.parameters ?? []) {
    properties[param.id] = {
      title: param.title,
      type: param.type,
      ...(param.description ? { description: param.description } : {}),
      ...(param.minimum !== undefined ? { minimum: param.minimum } : {}),
      ...(param.maximum !== undefined ? { maximum: param.maximum } : {}),
      ...(param.enum ? { enum: param.enum } : {}),
      default: parameterDefault(spec, param) as JsonValue,
    };
  }
  if (spec.ownership?.groups) {
    properties.owner = {
      title: 'Owner',
      type: 'string',
      description:
        'The team that owns the cluster: one of your groups. Leave it empty to own the cluster yourself.',
      'ui:field': 'MyGroupsPicker',
    };
  }
  return { required: ['name'], properties };
}

function valueProblem(
  param: ConsumerParameter,
  value: unknown,
): string | undefined {
  if (!fitsParameterType(param.type, value))
    return `${quote(value)} is not ${
      param.type === 'integer' ? 'a whole number' : `a ${param.type}`
    }`;
  if (typeof value === 'number') {
    if (param.minimum !== undefined && value < param.minimum)
      return `${value} is below the minimum ${param.minimum}`;
    if (param.maximum !== undefined && value > param.maximum)
      return `${value} is above the maximum ${param.maximum}`;
  }
  if (param.enum && !param.enum.includes(value as string | number))
    return `${quote(value)} is not one of ${param.enum.join(', ')}`;
  return undefined;
}

/**
 * Applies a consumer's answers to a template spec. Every key must be one of
 * the template's parameters (anything else is a locked field and refused,
 * naming it) and every value must fit the parameter's type and bounds.
 * Parameters left out keep their defaults.
 * @public
 */
export function applyParameters(
  templateName: string,
  spec: ClusterTemplateSpec,
  values: Record<string, unknown>,
): ClusterTemplateSpec {
  const params = new Map((spec.parameters ?? []).map(p => [p.id, p]));
  const problems: ValidationProblem[] = [];
  for (const [key, value] of Object.entries(values)) {
    const param = params.get(key);
    if (!param) {
      const allowed = [...params.keys()];
      problems.push({
        field: `parameters.${key.length > 100 ? `${key.slice(0, 100)}…` : key}`,
        message: `template ${templateName} does not let consumers set ${key}; everything it does not list is locked`,
        fix: allowed.length
          ? `set only ${allowed.join(', ')}`
          : 'send no parameters besides the cluster name',
      });
      continue;
    }
    const problem = valueProblem(param, value);
    if (problem)
      problems.push({
        field: `parameters.${key}`,
        message: problem,
        fix: `give ${param.title} a valid value`,
      });
  }
  if (problems.length > 0)
    throw new ClusterTemplateValidationError(
      `The request for template ${templateName}`,
      problems,
    );
  let result = spec;
  for (const param of spec.parameters ?? []) {
    const value = param.id in values ? values[param.id] : param.default;
    if (value !== undefined) result = writeField(result, param.field, value);
  }
  // The result must pass every template rule, not only the bounds: answers can clash (an
  // autoscale min above its max), or a string answer break what its field allows.
  const refused = clusterTemplateProblems({
    apiVersion: CLUSTER_TEMPLATE_API_VERSION,
    kind: CLUSTER_TEMPLATE_KIND,
    metadata: { name: templateName },
    spec: result,
  });
  if (refused.length > 0) {
    throw new ClusterTemplateValidationError(
      `The request for template ${templateName}`,
      refused.map(p => asParameterProblem(spec, p)),
    );
  }
  return result;
}

/** A problem of the applied template, named by the parameter that set the field (and the field), if a parameter did. */
function asParameterProblem(
  spec: ClusterTemplateSpec,
  problem: ValidationProblem,
): ValidationProblem {
  for (const param of spec.parameters ?? []) {
    const path = templatePath(spec, param.field);
    if (!path) continue;
    const within =
      problem.field === path ||
      problem.field.startsWith(`${path}.`) ||
      problem.field.startsWith(`${path}[`);
    const around =
      path.startsWith(`${problem.field}.`) ||
      path.startsWith(`${problem.field}[`);
    if (within || around) {
      return {
        field: `parameters.${param.id}`,
        message: `sets ${problem.field}, which then ${problem.message}`,
        fix: problem.fix ?? `give ${param.title} a valid value`,
      };
    }
  }
  return problem;
}

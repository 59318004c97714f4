import Ajv, { ErrorObject } from 'ajv';
import { clusterTemplateSchema } from '../model/clusterTemplateSchema';
import type { ValidationProblem } from './ValidationProblem';

const ajv = new Ajv({
  allErrors: true,
  verbose: true,
  strict: true,
  allowUnionTypes: true,
});
ajv.addKeyword({ keyword: 'x-fix', schemaType: 'string' });
const validate = ajv.compile(clusterTemplateSchema);

/** `/spec/infrastructure/nodePools/1/vmSize` becomes `spec.infrastructure.nodePools[1].vmSize`. */
export function toFieldPath(instancePath: string, child?: string): string {
  const segments = instancePath.split('/').slice(1);
  if (child !== undefined) segments.push(child);
  return segments
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`))
    .join('');
}

function fixOf(schema: unknown): string | undefined {
  return schema && typeof schema === 'object'
    ? ((schema as Record<string, unknown>)['x-fix'] as string | undefined)
    : undefined;
}

function show(value: unknown): string {
  return JSON.stringify(value);
}

function describe(error: ErrorObject): ValidationProblem {
  const field = toFieldPath(error.instancePath);
  const parent = error.parentSchema as Record<string, any> | undefined;
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string })
        .missingProperty;
      return {
        field: toFieldPath(error.instancePath, missing),
        message: 'is required but missing',
        fix: fixOf(parent?.properties?.[missing]) ?? fixOf(parent),
      };
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string })
        .additionalProperty;
      const known = Object.keys(parent?.properties ?? {});
      return {
        field: toFieldPath(error.instancePath, extra),
        message: 'is not a ClusterTemplate field here',
        fix: `remove it or correct its spelling; the fields here are ${known.join(
          ', ',
        )}`,
      };
    }
    case 'enum':
      return {
        field,
        message: `${show(error.data)} is not allowed`,
        fix:
          fixOf(parent) ??
          `use one of ${(error.schema as unknown[]).map(show).join(', ')}`,
      };
    case 'const':
      return {
        field,
        message: `${show(error.data)} is not allowed`,
        fix: fixOf(parent) ?? `write ${show(error.schema)}`,
      };
    case 'pattern':
      return {
        field,
        message: `${show(error.data)} has the wrong format`,
        fix: fixOf(parent),
      };
    case 'type':
      return {
        field,
        message: `must be ${
          error.params.type === 'integer'
            ? 'a whole number'
            : `a ${error.params.type}`
        }`,
        fix: fixOf(parent),
      };
    case 'oneOf':
      return {
        field,
        message: 'matches none of the allowed forms',
        fix: fixOf(parent),
      };
    case 'not':
      return {
        field,
        message: `${show(error.data)} is reserved`,
        fix: fixOf(parent),
      };
    default:
      return {
        field,
        message: error.message ?? 'is invalid',
        fix: fixOf(parent),
      };
  }
}

/**
 * Problems found by the JSON schema alone. Errors inside a `oneOf` are folded
 * into one problem for the field, unless only one branch has the entity's
 * `type`/`kind`, in which case that branch's own errors are the useful ones.
 */
/** The index of the one `oneOf` branch whose `type` or `kind` tag the data carries, if any. */
function taggedBranch(error: ErrorObject): number | undefined {
  const data = error.data as Record<string, unknown> | undefined;
  const branches = error.schema as Array<{
    properties?: Record<string, { const?: unknown; enum?: unknown[] }>;
  }>;
  if (!data || typeof data !== 'object' || !Array.isArray(branches))
    return undefined;
  for (const tag of ['type', 'kind']) {
    if (!(tag in data)) continue;
    const matching = branches
      .map((branch, index) => ({ index, rule: branch.properties?.[tag] }))
      .filter(
        ({ rule }) =>
          rule && (rule.const === data[tag] || rule.enum?.includes(data[tag])),
      );
    if (matching.length === 1) return matching[0].index;
  }
  return undefined;
}

/**
 * Problems found by the JSON schema alone. Errors inside a `oneOf` are folded
 * into one problem for the field, unless the data's `type`/`kind` picks one
 * branch, in which case that branch's own errors are the useful ones.
 */
export function schemaProblems(entity: unknown): ValidationProblem[] {
  if (validate(entity)) return [];
  const errors = validate.errors ?? [];
  const oneOfs = errors
    .filter(e => e.keyword === 'oneOf')
    .map(error => ({ error, branch: taggedBranch(error) }));
  const kept = errors.filter(error => {
    for (const o of oneOfs) {
      if (error === o.error) return o.branch === undefined;
      if (error.schemaPath.startsWith(`${o.error.schemaPath}/`)) {
        return (
          o.branch !== undefined &&
          error.schemaPath.startsWith(`${o.error.schemaPath}/${o.branch}/`)
        );
      }
    }
    return true;
  });
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  for (const error of kept) {
    const problem = describe(error);
    const key = `${problem.field}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

import { parseEntityRef } from '@backstage/catalog-model';
import type { ClusterTemplateSpec, ConsumerParameter } from '../model/ClusterTemplate';
import { readField } from '../parameters/fieldPath';
import { fitsParameterType } from '../parameters/parameterType';
import type { ValidationProblem } from './ValidationProblem';

/** Spec fields a consumer can never set, whatever the template says. */
const ALWAYS_LOCKED = ['owner', 'version', 'environment', 'approval', 'parameters', 'drift', 'lifecycle'];

function duplicates(names: string[]): string[] {
  return names.filter((name, i) => names.indexOf(name) !== i);
}

function checkRef(ref: string, field: string, defaultKind: string, problems: ValidationProblem[]) {
  try {
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' });
  } catch {
    problems.push({ field, message: `${JSON.stringify(ref)} is not an entity reference`, fix: `write it as ${defaultKind}:default/<name>` });
  }
}

function nodePoolProblems(spec: ClusterTemplateSpec, problems: ValidationProblem[]) {
  const pools = spec.infrastructure.nodePools;
  if (!pools.some(p => p.mode === 'System')) {
    problems.push({
      field: 'spec.infrastructure.nodePools',
      message: 'has no pool with mode: System',
      fix: 'AKS needs a System pool for its own add-ons: set mode: System on one pool',
    });
  }
  for (const name of new Set(duplicates(pools.map(p => p.name)))) {
    problems.push({ field: 'spec.infrastructure.nodePools', message: `two pools are named ${name}`, fix: 'give every pool its own name' });
  }
  pools.forEach((pool, i) => {
    const field = `spec.infrastructure.nodePools[${i}]`;
    if ((pool.count === undefined) === (pool.autoscale === undefined)) {
      problems.push({
        field,
        message: `pool ${pool.name} sets ${pool.count === undefined ? 'neither count nor autoscale' : 'both count and autoscale'}`,
        fix: 'set either count: <n> for a fixed size or autoscale: { min, max }',
      });
    }
    if (pool.autoscale && pool.autoscale.min > pool.autoscale.max) {
      problems.push({
        field: `${field}.autoscale`,
        message: `min ${pool.autoscale.min} is greater than max ${pool.autoscale.max}`,
        fix: 'make min less than or equal to max',
      });
    }
    const fewest = pool.count ?? pool.autoscale?.min;
    if (pool.mode === 'System' && fewest !== undefined && fewest < 1) {
      problems.push({
        field: `${field}.${pool.count !== undefined ? 'count' : 'autoscale.min'}`,
        message: `System pool ${pool.name} may shrink to 0 nodes`,
        fix: 'a System pool needs at least 1 node; only User pools can scale to 0',
      });
    }
  });
}

function applicationProblems(spec: ClusterTemplateSpec, problems: ValidationProblem[]) {
  for (const name of new Set(duplicates(spec.applications.map(a => a.name)))) {
    problems.push({ field: 'spec.applications', message: `two applications are named ${name}`, fix: 'give every application its own name' });
  }
  spec.applications.forEach((app, i) => {
    if (app.source.type !== 'aks-addon' && !app.namespace) {
      problems.push({
        field: `spec.applications[${i}].namespace`,
        message: `application ${app.name} has no namespace`,
        fix: 'name the Kubernetes namespace it is installed into, e.g. namespace: redis',
      });
    }
  });
}

function policyProblems(spec: ClusterTemplateSpec, problems: ValidationProblem[]) {
  const bindings = spec.policies.access.roleBindings;
  for (const name of new Set(duplicates(bindings.map(b => b.name)))) {
    problems.push({ field: 'spec.policies.access.roleBindings', message: `two role bindings are named ${name}`, fix: 'give every role binding its own name' });
  }
  bindings.forEach((binding, i) =>
    binding.subjects.forEach((subject, j) => {
      if (subject.kind !== 'requester') checkRef(subject.ref, `spec.policies.access.roleBindings[${i}].subjects[${j}].ref`, subject.kind, problems);
    }),
  );
  if (spec.policies.networkDefault === 'deny' && spec.infrastructure.networkPolicy === 'none') {
    problems.push({
      field: 'spec.policies.networkDefault',
      message: 'deny needs a network policy engine, but infrastructure.networkPolicy is none',
      fix: 'set infrastructure.networkPolicy to azure, calico or cilium',
    });
  }
}

function parameterProblems(spec: ClusterTemplateSpec, problems: ValidationProblem[]) {
  const parameters: ConsumerParameter[] = spec.parameters ?? [];
  for (const id of new Set(duplicates(parameters.map(p => p.id)))) {
    problems.push({ field: 'spec.parameters', message: `two parameters have the id ${id}`, fix: 'give every parameter its own id' });
  }
  for (const field of new Set(duplicates(parameters.map(p => p.field)))) {
    problems.push({ field: 'spec.parameters', message: `two parameters set ${field}`, fix: 'let one parameter set each field' });
  }
  parameters.forEach((param, i) => {
    const at = `spec.parameters[${i}]`;
    const root = param.field.split('.')[0];
    if (ALWAYS_LOCKED.includes(root)) {
      problems.push({ field: `${at}.field`, message: `${param.field} can never be set by a consumer`, fix: `remove this parameter; ${ALWAYS_LOCKED.join(', ')} are always locked` });
      return;
    }
    if (spec.policies.access.locked && param.field.startsWith('policies.access')) {
      problems.push({
        field: `${at}.field`,
        message: `${param.field} is under policies.access, which this template locks`,
        fix: 'remove this parameter, or set policies.access.locked: false',
      });
      return;
    }
    const target = readField(spec, param.field);
    if (!target.found) {
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
        message: `${param.field} holds ${JSON.stringify(current)}, not a ${param.type}`,
        fix: 'make the parameter type match the field it sets',
      });
      return;
    }
    if (param.minimum !== undefined && param.maximum !== undefined && param.minimum > param.maximum) {
      problems.push({ field: `${at}.minimum`, message: `minimum ${param.minimum} is greater than maximum ${param.maximum}`, fix: 'make minimum less than or equal to maximum' });
    }
    for (const [what, value] of [['default', param.default], ['the template value', current]] as const) {
      if (value === undefined) continue;
      const field = what === 'default' ? `${at}.default` : `${at}.field`;
      if (!typeOk(value)) {
        problems.push({ field, message: `${what} ${JSON.stringify(value)} is not a ${param.type}`, fix: `give a ${param.type}` });
      } else if (typeof value === 'number' && ((param.minimum !== undefined && value < param.minimum) || (param.maximum !== undefined && value > param.maximum))) {
        problems.push({ field, message: `${what} ${value} is outside ${param.minimum ?? '-∞'}..${param.maximum ?? '∞'}`, fix: 'keep it within minimum and maximum' });
      } else if (param.enum && !param.enum.includes(value as string | number)) {
        problems.push({ field, message: `${what} ${JSON.stringify(value)} is not one of the allowed values`, fix: `use one of ${param.enum.join(', ')}` });
      }
    }
  });
}

/**
 * Rules the JSON schema cannot express. Only call on a spec that passed the schema.
 */
export function semanticProblems(spec: ClusterTemplateSpec): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  checkRef(spec.owner, 'spec.owner', 'group', problems);
  if (spec.approval?.required) {
    if (!spec.approval.approvers) {
      problems.push({ field: 'spec.approval.approvers', message: 'is missing while approval.required is true', fix: 'name the approving group, e.g. approvers: group:default/platform-team' });
    } else {
      checkRef(spec.approval.approvers, 'spec.approval.approvers', 'group', problems);
    }
  }
  const life = spec.lifecycle;
  if (life?.warnBeforeHours !== undefined) {
    if (life.timeToLiveHours === undefined) {
      problems.push({ field: 'spec.lifecycle.warnBeforeHours', message: 'is set without timeToLiveHours', fix: 'set timeToLiveHours, or remove warnBeforeHours' });
    } else if (life.warnBeforeHours >= life.timeToLiveHours) {
      problems.push({
        field: 'spec.lifecycle.warnBeforeHours',
        message: `${life.warnBeforeHours} is not less than timeToLiveHours ${life.timeToLiveHours}`,
        fix: 'warn some hours before the cluster expires, fewer than its time to live',
      });
    }
  }
  nodePoolProblems(spec, problems);
  applicationProblems(spec, problems);
  policyProblems(spec, problems);
  parameterProblems(spec, problems);
  return problems;
}

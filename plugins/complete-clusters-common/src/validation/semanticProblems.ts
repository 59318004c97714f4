import type { ClusterTemplateSpec } from '../model/ClusterTemplate';
import { AZURE_REGIONS } from '../model/azureRegions';
import { SUPPORTED_KUBERNETES_MINORS } from '../model/kubernetesVersions';
import { entityRefProblem } from './rules/entityRefs';
import {
  KUBERNETES_NAME_FIX,
  labelValueProblem,
  qualifiedNameProblem,
  taintProblem,
} from './rules/kubernetesSyntax';
import { quote } from './rules/text';
import type { ValidationProblem } from './ValidationProblem';

function duplicates(names: string[]): string[] {
  return names.filter((name, i) => names.indexOf(name) !== i);
}

function checkRef(
  ref: string,
  field: string,
  kinds: ReadonlyArray<'group' | 'user'>,
  problems: ValidationProblem[],
) {
  const problem = entityRefProblem(ref, kinds, kinds[0]);
  if (problem)
    problems.push({
      field,
      message: problem,
      fix: `write it as ${kinds[0]}:default/<name>${
        kinds.length > 1 ? ` or ${kinds[1]}:default/<name>` : ''
      }`,
    });
}

function infrastructureProblems(
  spec: ClusterTemplateSpec,
  problems: ValidationProblem[],
) {
  const { location, kubernetesVersion } = spec.infrastructure;
  if (!AZURE_REGIONS.includes(location)) {
    const near = AZURE_REGIONS.filter(r => r.startsWith(location.slice(0, 4)));
    problems.push({
      field: 'spec.infrastructure.location',
      message: `${quote(location)} is not an Azure region`,
      fix: `use an Azure region's programmatic name${
        near.length
          ? `, e.g. ${near.slice(0, 4).join(', ')}`
          : ', e.g. southeastasia or centralindia'
      } (az account list-locations)`,
    });
  }
  const minor = Number(kubernetesVersion.split('.')[1]);
  const { oldest, newest } = SUPPORTED_KUBERNETES_MINORS;
  if (minor < oldest || minor > newest) {
    problems.push({
      field: 'spec.infrastructure.kubernetesVersion',
      message: `${quote(
        kubernetesVersion,
      )} is not a Kubernetes version AKS supports`,
      fix: `use 1.${oldest} to 1.${newest}, e.g. "1.${
        newest - 2
      }" (quote it in YAML)`,
    });
  }
}

function nodePoolProblems(
  spec: ClusterTemplateSpec,
  problems: ValidationProblem[],
) {
  const pools = spec.infrastructure.nodePools;
  if (!pools.some(p => p.mode === 'System')) {
    problems.push({
      field: 'spec.infrastructure.nodePools',
      message: 'has no pool with mode: System',
      fix: 'AKS needs a System pool for its own add-ons: set mode: System on one pool',
    });
  }
  for (const name of new Set(duplicates(pools.map(p => p.name)))) {
    problems.push({
      field: 'spec.infrastructure.nodePools',
      message: `two pools are named ${name}`,
      fix: 'give every pool its own name',
    });
  }
  pools.forEach((pool, i) => {
    const field = `spec.infrastructure.nodePools[${i}]`;
    if ((pool.count === undefined) === (pool.autoscale === undefined)) {
      problems.push({
        field,
        message: `pool ${pool.name} sets ${
          pool.count === undefined
            ? 'neither count nor autoscale'
            : 'both count and autoscale'
        }`,
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
        field: `${field}.${
          pool.count !== undefined ? 'count' : 'autoscale.min'
        }`,
        message: `System pool ${pool.name} may shrink to 0 nodes`,
        fix: 'a System pool needs at least 1 node; only User pools can scale to 0',
      });
    }
    for (const [key, value] of Object.entries(pool.labels ?? {})) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem) {
        problems.push({
          field: `${field}.labels`,
          message: `label ${keyProblem}`,
          fix: KUBERNETES_NAME_FIX,
        });
        continue;
      }
      const valueProblem = labelValueProblem(value);
      if (valueProblem)
        problems.push({
          field: `${field}.labels.${key}`,
          message: `label ${valueProblem}`,
          fix: KUBERNETES_NAME_FIX,
        });
    }
    (pool.taints ?? []).forEach((taint, j) => {
      const problem = taintProblem(taint);
      if (problem)
        problems.push({
          field: `${field}.taints[${j}]`,
          message: `taint ${problem}`,
          fix: `write key=value:Effect; ${KUBERNETES_NAME_FIX}`,
        });
    });
  });
}

function applicationProblems(
  spec: ClusterTemplateSpec,
  problems: ValidationProblem[],
) {
  for (const name of new Set(duplicates(spec.applications.map(a => a.name)))) {
    problems.push({
      field: 'spec.applications',
      message: `two applications are named ${name}`,
      fix: 'give every application its own name',
    });
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

function policyProblems(
  spec: ClusterTemplateSpec,
  problems: ValidationProblem[],
) {
  const bindings = spec.policies.access.roleBindings;
  for (const name of new Set(duplicates(bindings.map(b => b.name)))) {
    problems.push({
      field: 'spec.policies.access.roleBindings',
      message: `two role bindings are named ${name}`,
      fix: 'give every role binding its own name',
    });
  }
  bindings.forEach((binding, i) =>
    binding.subjects.forEach((subject, j) => {
      if (subject.kind === 'group' || subject.kind === 'user')
        checkRef(
          subject.ref,
          `spec.policies.access.roleBindings[${i}].subjects[${j}].ref`,
          [subject.kind],
          problems,
        );
    }),
  );
  if (
    spec.policies.networkDefault === 'deny' &&
    spec.infrastructure.networkPolicy === 'none'
  ) {
    problems.push({
      field: 'spec.policies.networkDefault',
      message:
        'deny needs a network policy engine, but infrastructure.networkPolicy is none',
      fix: 'set infrastructure.networkPolicy to azure, calico or cilium',
    });
  }
}

/**
 * The rules between fields and the rules of Azure, Kubernetes and the catalog
 * that the JSON schema cannot say, except those about consumer parameters.
 * Only call on a spec that passed the schema.
 */
export function templateRuleProblems(
  spec: ClusterTemplateSpec,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  checkRef(spec.owner, 'spec.owner', ['group', 'user'], problems);
  if (spec.approval?.required) {
    if (!spec.approval.approvers) {
      problems.push({
        field: 'spec.approval.approvers',
        message: 'is missing while approval.required is true',
        fix: 'name the approving group, e.g. approvers: group:default/platform-team',
      });
    } else {
      checkRef(
        spec.approval.approvers,
        'spec.approval.approvers',
        ['group', 'user'],
        problems,
      );
    }
  } else if (spec.approval?.approvers) {
    checkRef(
      spec.approval.approvers,
      'spec.approval.approvers',
      ['group', 'user'],
      problems,
    );
  }
  if (spec.budget?.overBudget === 'approve' && !spec.approval?.approvers) {
    problems.push({
      field: 'spec.budget.overBudget',
      message:
        'is approve while spec.approval.approvers names nobody to approve a request over budget',
      fix: 'name the approving group in spec.approval.approvers, e.g. group:default/platform-team, or write overBudget: refuse',
    });
  }
  const life = spec.expiry;
  if (life?.warnBeforeHours !== undefined) {
    if (life.timeToLiveHours === undefined) {
      problems.push({
        field: 'spec.expiry.warnBeforeHours',
        message: 'is set without timeToLiveHours',
        fix: 'set timeToLiveHours, or remove warnBeforeHours',
      });
    } else if (life.warnBeforeHours >= life.timeToLiveHours) {
      problems.push({
        field: 'spec.expiry.warnBeforeHours',
        message: `${life.warnBeforeHours} is not less than timeToLiveHours ${life.timeToLiveHours}`,
        fix: 'warn some hours before the cluster expires, fewer than its time to live',
      });
    }
  }
  infrastructureProblems(spec, problems);
  nodePoolProblems(spec, problems);
  applicationProblems(spec, problems);
  policyProblems(spec, problems);
  return problems;
}

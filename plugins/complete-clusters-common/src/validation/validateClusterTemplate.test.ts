import { loadExampleTemplate } from '../__testUtils__/exampleTemplates';
import { applyParameters } from '../parameters/consumerParameters';
import {
  assertValidClusterTemplate,
  clusterTemplateProblems,
  parseClusterTemplate,
} from './validateClusterTemplate';

function withSpec(mutate: (spec: any) => void) {
  const entity: any = loadExampleTemplate('developer');
  mutate(entity.spec);
  return entity;
}

function fields(entity: unknown) {
  return clusterTemplateProblems(entity).map(p => p.field);
}

describe('validateClusterTemplate', () => {
  it.each(['developer', 'testing', 'production'] as const)(
    'accepts the %s example',
    name => {
      expect(clusterTemplateProblems(loadExampleTemplate(name))).toEqual([]);
    },
  );

  it('names a missing required field and how to fill it', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => delete s.infrastructure.location),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.infrastructure.location',
        message: 'is required but missing',
        fix: expect.stringContaining('southeastasia'),
      }),
    ]);
  });

  it('names a misspelt field and lists the fields allowed there', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => (s.infrastructure.nodepools = [])),
    );
    expect(problems[0].field).toBe('spec.infrastructure.nodepools');
    expect(problems[0].fix).toContain('nodePools');
  });

  it('refuses a VM size that is not an Azure size, naming the pool by index', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => (s.infrastructure.nodePools[1].vmSize = 'a100-large')),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.infrastructure.nodePools[1].vmSize',
        fix: expect.stringContaining('Standard_NC24ads_A100_v4'),
      }),
    ]);
  });

  it("refuses a time to live under spec.lifecycle, Backstage's lifecycle stage, pointing to spec.expiry", () => {
    const problems = clusterTemplateProblems(
      withSpec(s => {
        s.lifecycle = s.expiry;
        delete s.expiry;
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.lifecycle',
        fix: expect.stringContaining('spec.expiry'),
      }),
    ]);
    expect(fields(withSpec(s => (s.lifecycle = 'production')))).toEqual([]);
  });

  it('refuses an unknown environment with the allowed values', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => (s.environment = 'staging')),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.environment',
        fix: 'use one of development, testing, production',
      }),
    ]);
  });

  it('refuses a version that is not semantic, and a version range on an application', () => {
    expect(fields(withSpec(s => (s.version = 'v2')))).toEqual(['spec.version']);
    expect(
      fields(withSpec(s => (s.applications[1].version = '^21.0.0'))),
    ).toEqual(['spec.applications[1].version']);
  });

  it('reports the errors of the source form the application names, not of every form', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => delete s.applications[0].source.chart),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.applications[0].source.chart',
        message: 'is required but missing',
      }),
    ]);
  });

  it('folds an unrecognisable source into one problem with the forms it may take', () => {
    const problems = clusterTemplateProblems(
      withSpec(
        s => (s.applications[0].source = { type: 'docker', image: 'x' }),
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.applications[0].source',
        fix: expect.stringContaining('aks-addon'),
      }),
    ]);
  });

  it('refuses a template without a System pool', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => (s.infrastructure.nodePools[0].mode = 'User')),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.infrastructure.nodePools',
        message: 'has no pool with mode: System',
      }),
    ]);
  });

  it('refuses a pool with both count and autoscale, and an inverted autoscale range', () => {
    expect(
      fields(
        withSpec(
          s => (s.infrastructure.nodePools[0].autoscale = { min: 1, max: 3 }),
        ),
      ),
    ).toEqual(['spec.infrastructure.nodePools[0]']);
    expect(
      fields(
        withSpec(
          s => (s.infrastructure.nodePools[1].autoscale = { min: 5, max: 2 }),
        ),
      ),
    ).toEqual([
      'spec.infrastructure.nodePools[1].autoscale',
      // The developer template's gpuMaxNodes default (the template value 2) is fine; only the range is wrong.
    ]);
  });

  it('refuses a System pool that may shrink to zero nodes', () => {
    expect(
      fields(withSpec(s => (s.infrastructure.nodePools[0].count = 0))),
    ).toEqual(['spec.infrastructure.nodePools[0].count']);
  });

  it('refuses duplicate pool names', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => (s.infrastructure.nodePools[1].name = 'system')),
    );
    expect(problems.map(p => p.message)).toContain(
      'two pools are named system',
    );
  });

  it('refuses default-deny networking without a network policy engine', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => {
        s.policies.networkDefault = 'deny';
        s.infrastructure.networkPolicy = 'none';
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ field: 'spec.policies.networkDefault' }),
    ]);
  });

  it('refuses an approval without approvers and a malformed owner', () => {
    expect(fields(withSpec(s => (s.approval = { required: true })))).toEqual([
      'spec.approval.approvers',
    ]);
    expect(fields(withSpec(s => (s.owner = 'group:default/')))).toEqual([
      'spec.owner',
    ]);
  });

  it('refuses a parameter that points at no field, naming the parameter', () => {
    const problems = clusterTemplateProblems(
      withSpec(
        s =>
          (s.parameters[0].field =
            'infrastructure.nodePools.gpus.autoscale.max'),
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.parameters[0].field',
        message: expect.stringContaining('is not a field of this template'),
      }),
    ]);
  });

  it('refuses a parameter on access when the template locks access', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => {
        s.policies.access.locked = true;
        s.parameters.push({
          id: 'extraPermissions',
          field:
            'policies.access.roleBindings.developer-ai-models.permissions.0',
          title: 'x',
          type: 'string',
        });
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.parameters[3].field', // after the developer example's three
        message: expect.stringContaining('locks'),
      }),
    ]);
  });

  it('refuses a parameter on a field that is always locked', () => {
    const problems = clusterTemplateProblems(
      withSpec(s =>
        s.parameters.push({
          id: 'env',
          field: 'environment',
          title: 'x',
          type: 'string',
        }),
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.parameters[3].field', // after the developer example's three
        message: 'environment can never be set by a consumer',
      }),
    ]);
  });

  it('refuses a parameter whose type or bounds do not fit the template', () => {
    expect(fields(withSpec(s => (s.parameters[0].type = 'string')))).toEqual([
      'spec.parameters[0].type',
    ]);
    expect(fields(withSpec(s => (s.parameters[0].default = 9)))).toEqual([
      'spec.parameters[0].default',
    ]);
    expect(fields(withSpec(s => (s.parameters[0].id = 'name')))).toEqual([
      'spec.parameters[0].id',
    ]);
  });

  it('throws one error naming every problem', () => {
    const entity = withSpec(s => {
      s.environment = 'staging';
      delete s.policies;
    });
    expect(() => assertValidClusterTemplate(entity)).toThrow(
      /^ClusterTemplate developer is invalid:\n/,
    );
    expect(() => assertValidClusterTemplate(entity)).toThrow(
      /\n- spec.environment: "staging" is not allowed; fix: use one of development, testing, production/,
    );
    expect(() => assertValidClusterTemplate(entity)).toThrow(
      /\n- spec.policies: is required but missing/,
    );
  });

  it('gives a valid template typed, and an invalid one as its problems only', () => {
    const valid = parseClusterTemplate(loadExampleTemplate('production'));
    expect(valid.problems).toEqual([]);
    expect(valid.template?.spec.environment).toBe('production');

    const invalid = parseClusterTemplate(
      withSpec(s => (s.environment = 'staging')),
    );
    expect(invalid.template).toBeUndefined();
    expect(invalid.problems.map(p => p.field)).toEqual(['spec.environment']);
    expect(
      parseClusterTemplate({ kind: 'Component' }).template,
    ).toBeUndefined();
  });

  describe('what Azure and Kubernetes would refuse', () => {
    it.each([
      [
        'an unknown region',
        (s: any) => (s.infrastructure.location = 'atlantis'),
        'spec.infrastructure.location',
        /not an Azure region/,
      ],
      [
        "a VM size not of Azure's form",
        (s: any) =>
          (s.infrastructure.nodePools[0].vmSize = 'Standard_Turbo9000'),
        'spec.infrastructure.nodePools[0].vmSize',
        /wrong format/,
      ],
      [
        'a Kubernetes version AKS does not have',
        (s: any) => (s.infrastructure.kubernetesVersion = '1.99'),
        'spec.infrastructure.kubernetesVersion',
        /not a Kubernetes version AKS supports/,
      ],
      [
        'a label key with a space',
        (s: any) => (s.infrastructure.nodePools[1].labels['gpu type'] = 'a100'),
        'spec.infrastructure.nodePools[1].labels',
        /label key "gpu type"/,
      ],
      [
        'a label key with two slashes',
        (s: any) => (s.infrastructure.nodePools[1].labels['a/b/c'] = 'x'),
        'spec.infrastructure.nodePools[1].labels',
        /more than one "\/"/,
      ],
      [
        'a label key prefix over 253 characters',
        (s: any) =>
          (s.infrastructure.nodePools[1].labels[`${'a'.repeat(254)}/x`] = 'x'),
        'spec.infrastructure.nodePools[1].labels',
        /at most 253/,
      ],
      [
        'a label value over 63 characters',
        (s: any) =>
          (s.infrastructure.nodePools[1].labels.workload = 'w'.repeat(64)),
        'spec.infrastructure.nodePools[1].labels.workload',
        /64 characters; at most 63/,
      ],
      [
        'a taint key Kubernetes refuses',
        (s: any) =>
          (s.infrastructure.nodePools[1].taints[0] = `${'n'.repeat(
            64,
          )}=present:NoSchedule`),
        'spec.infrastructure.nodePools[1].taints[0]',
        /name of 64 characters/,
      ],
      [
        'an owner with a newline',
        (s: any) =>
          (s.owner = 'group:default/platform-team\nuser:default/mallory'),
        'spec.owner',
        /control character/,
      ],
      [
        'an owner with a NUL',
        (s: any) => (s.owner = 'group:default/platform\u0000team'),
        'spec.owner',
        /control character/,
      ],
      [
        'an owner that is a component',
        (s: any) => (s.owner = 'component:default/portal'),
        'spec.owner',
        /not a group or user reference/,
      ],
      [
        'an application version with a newline',
        (s: any) => (s.applications[1].version = '21.2.5\n'),
        'spec.applications[1].version',
        /wrong format/,
      ],
      [
        'a chart name carrying --set',
        (s: any) => (s.applications[1].source.chart = 'redis\n--set x=y'),
        'spec.applications[1].source.chart',
        /wrong format/,
      ],
      [
        'a repository URL with a line break',
        (s: any) =>
          (s.applications[1].source.repository =
            'oci://registry-1.docker.io/x\n--insecure'),
        'spec.applications[1].source.repository',
        /wrong format/,
      ],
      [
        'a user subject that is a group',
        (s: any) =>
          s.policies.access.roleBindings[0].subjects.push({
            kind: 'user',
            ref: 'group:default/platform-team',
          }),
        'spec.policies.access.roleBindings[0].subjects[1].ref',
        /is a group reference, not a user reference/,
      ],
    ])('refuses %s, naming the field', (_what, mutate, field, message) => {
      const problems = clusterTemplateProblems(withSpec(mutate));
      expect(problems).toContainEqual(
        expect.objectContaining({
          field,
          message: expect.stringMatching(message),
        }),
      );
      expect(problems.every(p => p.fix)).toBe(true);
    });

    it('refuses a parameter whose bounds would let a consumer break the template', () => {
      const problems = clusterTemplateProblems(
        withSpec(s => (s.parameters[0].minimum = -5)),
      );
      expect(problems).toEqual([
        expect.objectContaining({
          field: 'spec.parameters[0].minimum',
          message:
            '-5 would set spec.infrastructure.nodePools[1].autoscale.max, and then spec.infrastructure.nodePools[1].autoscale.max must be >= 1',
        }),
      ]);
      expect(fields(withSpec(s => s.parameters[1].enum.push('1.20')))).toEqual([
        'spec.parameters[1].enum[2]',
      ]);
    });

    it('names the template field, and the parameter that sets it, for a bad template value', () => {
      const problems = clusterTemplateProblems(
        withSpec(s => (s.infrastructure.kubernetesVersion = '1.20')),
      );
      expect(problems.map(p => p.field)).toEqual([
        'spec.infrastructure.kubernetesVersion',
        'spec.infrastructure.kubernetesVersion',
      ]);
      expect(problems[1].message).toBe(
        'the template value "1.20" is not one of the values parameter kubernetesVersion (spec.parameters[1]) allows',
      );
    });

    it("re-checks every template rule when a consumer's answers are applied", () => {
      const spec = withSpec(s =>
        s.parameters.push({
          id: 'workload',
          field: 'infrastructure.nodePools.gpu.labels.workload',
          title: 'Workload label',
          type: 'string',
        }),
      ).spec;
      expect(
        clusterTemplateProblems({ ...loadExampleTemplate('developer'), spec }),
      ).toEqual([]);
      expect(
        applyParameters('developer', spec, { workload: 'ai-inference' })
          .infrastructure.nodePools[1].labels!.workload,
      ).toBe('ai-inference');
      expect(() =>
        applyParameters('developer', spec, { workload: 'ai\n--set x=y' }),
      ).toThrow(
        /- parameters\.workload: sets spec\.infrastructure\.nodePools\[1\]\.labels\.workload, which then label value "ai\\n--set x=y" holds a control character/,
      );
    });
  });
});

describe('spec.budget', () => {
  const budget = { monthly: 5000, currency: 'USD', overBudget: 'refuse' };

  it('accepts a budget, and names each bad field with its fix', () => {
    expect(fields(withSpec(s => (s.budget = budget)))).toEqual([]);
    expect(
      clusterTemplateProblems(
        withSpec(s => (s.budget = { ...budget, monthly: 0 })),
      ),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.budget.monthly',
        fix: expect.stringContaining('positive number'),
      }),
    ]);
    expect(
      clusterTemplateProblems(
        withSpec(s => (s.budget = { ...budget, currency: 'usd' })),
      ),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.budget.currency',
        fix: expect.stringContaining('currency: USD'),
      }),
    ]);
    expect(
      clusterTemplateProblems(
        withSpec(s => (s.budget = { ...budget, overBudget: 'warn' })),
      ),
    ).toEqual([
      expect.objectContaining({
        field: 'spec.budget.overBudget',
        fix: expect.stringContaining('overBudget: approve'),
      }),
    ]);
  });

  it('refuses overBudget: approve with nobody named to approve', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => {
        s.budget = { ...budget, overBudget: 'approve' };
        s.approval = { required: false };
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'spec.budget.overBudget',
        fix: expect.stringContaining('spec.approval.approvers'),
      }),
    ]);
  });

  it('never lets a consumer set the budget', () => {
    const problems = clusterTemplateProblems(
      withSpec(s => {
        s.budget = budget;
        s.parameters.push({
          id: 'budget',
          field: 'budget.monthly',
          title: 'Budget',
          type: 'number',
        });
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        message: 'budget.monthly can never be set by a consumer',
      }),
    ]);
  });
});

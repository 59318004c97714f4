import type { ClusterTemplateEntity } from '../model/ClusterTemplate';
import { templatePath } from '../parameters/fieldPath';

/**
 * Malformed ClusterTemplates made from the examples: each mutation sets one
 * field to one bad value from a table of bad values per kind of field, and
 * says which template path a refusal must name. Valid variations are made the
 * same way and must pass.
 */

export type Segment = string | number;

export interface Mutation {
  template: string;
  /** The template path a refusal must name, e.g. `spec.infrastructure.nodePools[1].vmSize`. */
  path: string;
  value: unknown;
  entity: ClusterTemplateEntity;
}

const HUGE = 'x'.repeat(100_000);

/** Bad values any string field refuses: wrong types, emptiness, control characters, sizes. */
const NOT_A_STRING = [12, true, null, {}, [], ['a']];
const BAD_TEXT = ['', ' ', 'a\nb', 'a\u0000b', '\u001b[31m', HUGE];

/** Bad values per kind of field. */
const BAD: Record<string, unknown[]> = {
  region: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'atlantis',
    'South East Asia',
    'westeurope2',
    'EASTUS',
    'west-europe',
    'eastus\n',
  ],
  vmSize: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'big',
    'Standard_',
    'standard_d4ds_v5',
    'Standard_D4ds_v5\n',
    'Standard_Q4_v5',
    'Basic_A0',
    'Standard_D4ds_v5 --x',
    'Standard_NC24ads_A100_v4;rm',
  ],
  kubernetesVersion: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    '1.20',
    '1.99',
    '2.0',
    'v1.33',
    '1.33.x',
    '1.033',
    1.33,
    '1.30',
    '1.36',
    '1.33\n',
    'latest',
  ],
  semver: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'v1',
    '1.0',
    '1.0.0\n',
    '01.0.0',
    '1.0.0 ',
    'one',
  ],
  appVersion: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    '^1.0.0',
    '1.0.0\n',
    '1.0.0 --set x=y',
    '*',
    '>=1.0',
    '~2',
    '1.0||2.0',
    '-1.0',
  ],
  chart: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'Redis',
    'redis\n--set x=y',
    'redis chart',
    '-redis',
    'redis-',
    'a'.repeat(64),
    'redis;x',
  ],
  helmRepository: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'http://charts.example.com',
    'ftp://x',
    'https://x y',
    'https://x\n--insecure',
    'charts.example.com',
  ],
  ownerRef: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'group:default/',
    'component:default/x',
    'group:default/a\nb',
    'group:default/a\u0000',
    'a:b:c/d',
    'group:default/-x',
    `group:default/${'a'.repeat(64)}`,
    'resource:default/db',
  ],
  groupRef: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'user:default/alice',
    'group:default/a\nb',
    'component:default/x',
    'group:',
  ],
  userRef: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'group:default/platform-team',
    'user:default/a\u0000',
    'user:default/',
    'api:default/x',
  ],
  labelValue: [
    ...NOT_A_STRING,
    'x'.repeat(64),
    'a b',
    '-x',
    'x-',
    'a\nb',
    'a/b',
    HUGE,
  ],
  taint: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'nogpu',
    'k=v:Sometimes',
    'k=v',
    'a b=c:NoSchedule',
    `${'k'.repeat(64)}=v:NoSchedule`,
    `k=${'v'.repeat(64)}:NoSchedule`,
    'a/b/c=v:NoSchedule',
    'k=v:NoSchedule\n',
  ],
  poolName: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'GPU',
    'gpu-pool',
    'averyveryverylongname',
    '1gpu',
  ],
  appName: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'Redis',
    'a'.repeat(31),
    '1app',
    'app_x',
  ],
  namespace: [
    ...NOT_A_STRING,
    ...BAD_TEXT,
    'Redis',
    'a_b',
    '-a',
    'a'.repeat(64),
  ],
  bindingName: [...NOT_A_STRING, ...BAD_TEXT, 'Admins', 'x-', 'a'.repeat(64)],
  count: ['2', null, -1, 1.5, 1001, 1e9, {}, true],
  autoscaleMax: ['2', null, -1, 0, 1.5, 1001, {}],
  autoscaleMin: ['0', null, -1, 1.5, 1001, {}],
  hours: ['24', null, 0, -1, 1.5, 8761, {}],
  mode: ['system', 'Spot', '', 1, null],
  environment: ['staging', 'Production', '', 1, null],
  networkPolicy: ['flannel', 'Azure', '', 0, null],
  podSecurity: ['none', 'Restricted', '', null],
  networkDefault: ['block', 'Deny', '', true],
  permission: ['root', 'View', '', 1],
  boolean: ['true', 1, null, 'yes'],
};

/** Label keys Kubernetes refuses (added to a pool's labels). */
const BAD_LABEL_KEYS = [
  'gpu type',
  'a/b/c',
  '-x',
  'x-',
  'x'.repeat(64),
  `${'a'.repeat(254)}/x`,
  'Example.COM/x',
  '/x',
  'x/',
  'a\nb',
  'a\u0000b',
  'example..com/x',
];

/** Bounds and settings of consumer parameters that would let a consumer break the template. */
const BAD_PARAMETER: Array<[string, unknown]> = [
  ['minimum', -5],
  ['minimum', 0],
  ['maximum', 1001],
  ['maximum', -1],
  ['minimum', '1'],
  ['default', -3],
  ['default', 'four'],
  ['type', 'object'],
  ['type', 'string'],
  ['id', 'name'],
  ['id', 'Bad-Id'],
  ['id', ''],
  ['field', 'environment'],
  ['field', 'nope.x'],
  ['field', 'infrastructure.nodePools.gpu.autoscale.max\n'],
  ['title', ''],
  ['title', HUGE],
  ['enum', []],
];

function formatPath(segments: Segment[]): string {
  return segments
    .map((s, i) =>
      typeof s === 'number' ? `[${s}]` : `${i > 0 ? '.' : ''}${s}`,
    )
    .join('');
}

function setAt(entity: any, segments: Segment[], value: unknown) {
  let node = entity;
  for (const s of segments.slice(0, -1)) node = node[s];
  node[segments[segments.length - 1]] = value;
}

/** Every field of a template with the kind of its bad values. */
function fieldsOf(entity: ClusterTemplateEntity): Array<[Segment[], string]> {
  const spec = entity.spec;
  const fields: Array<[Segment[], string]> = [
    [['spec', 'owner'], 'ownerRef'],
    [['spec', 'version'], 'semver'],
    [['spec', 'environment'], 'environment'],
    [['spec', 'approval', 'required'], 'boolean'],
    [['spec', 'approval', 'approvers'], 'ownerRef'],
    [['spec', 'infrastructure', 'location'], 'region'],
    [['spec', 'infrastructure', 'kubernetesVersion'], 'kubernetesVersion'],
    [['spec', 'infrastructure', 'networkPolicy'], 'networkPolicy'],
    [['spec', 'policies', 'podSecurity'], 'podSecurity'],
    [['spec', 'policies', 'networkDefault'], 'networkDefault'],
    [['spec', 'policies', 'access', 'locked'], 'boolean'],
  ];
  if (spec.expiry?.timeToLiveHours !== undefined)
    fields.push([['spec', 'expiry', 'timeToLiveHours'], 'hours']);
  spec.infrastructure.nodePools.forEach((pool, i) => {
    const at: Segment[] = ['spec', 'infrastructure', 'nodePools', i];
    fields.push(
      [[...at, 'name'], 'poolName'],
      [[...at, 'mode'], 'mode'],
      [[...at, 'vmSize'], 'vmSize'],
    );
    if (pool.count !== undefined) fields.push([[...at, 'count'], 'count']);
    if (pool.autoscale)
      fields.push(
        [[...at, 'autoscale', 'min'], 'autoscaleMin'],
        [[...at, 'autoscale', 'max'], 'autoscaleMax'],
      );
    for (const key of Object.keys(pool.labels ?? {}))
      fields.push([[...at, 'labels', key], 'labelValue']);
    (pool.taints ?? []).forEach((_t, j) =>
      fields.push([[...at, 'taints', j], 'taint']),
    );
  });
  spec.applications.forEach((app, i) => {
    const at: Segment[] = ['spec', 'applications', i];
    fields.push(
      [[...at, 'name'], 'appName'],
      [[...at, 'version'], 'appVersion'],
    );
    if (app.namespace) fields.push([[...at, 'namespace'], 'namespace']);
    if (app.source.type === 'helm')
      fields.push(
        [[...at, 'source', 'chart'], 'chart'],
        [[...at, 'source', 'repository'], 'helmRepository'],
      );
  });
  spec.policies.access.roleBindings.forEach((binding, i) => {
    const at: Segment[] = ['spec', 'policies', 'access', 'roleBindings', i];
    fields.push([[...at, 'name'], 'bindingName']);
    binding.permissions.forEach((_p, j) =>
      fields.push([[...at, 'permissions', j], 'permission']),
    );
    binding.subjects.forEach((subject, j) => {
      if (subject.kind !== 'requester')
        fields.push([
          [...at, 'subjects', j, 'ref'],
          subject.kind === 'group' ? 'groupRef' : 'userRef',
        ]);
    });
  });
  return fields;
}

/** The malformed templates: every field of every example with every bad value of its kind, and more. */
export function malformedTemplates(
  examples: Record<string, ClusterTemplateEntity>,
): Mutation[] {
  const mutations: Mutation[] = [];
  const add = (
    template: string,
    path: string,
    value: unknown,
    edit: (entity: any) => void,
  ) => {
    const entity = structuredClone(examples[template]) as any;
    edit(entity);
    mutations.push({ template, path, value, entity });
  };
  for (const [template, example] of Object.entries(examples)) {
    for (const [segments, kind] of fieldsOf(example)) {
      for (const value of BAD[kind])
        add(template, formatPath(segments), value, e =>
          setAt(e, segments, value),
        );
    }
    example.spec.infrastructure.nodePools.forEach((_pool, i) => {
      const at = `spec.infrastructure.nodePools[${i}].labels`;
      for (const key of BAD_LABEL_KEYS)
        add(
          template,
          at,
          key,
          e =>
            (e.spec.infrastructure.nodePools[i].labels = {
              ...e.spec.infrastructure.nodePools[i].labels,
              [key]: 'x',
            }),
        );
    });
    // A user subject that is a group, and the other way round.
    add(
      template,
      'spec.policies.access.roleBindings[0].subjects[1].ref',
      'group as user',
      e => {
        e.spec.policies.access.roleBindings = [
          {
            name: 'extra',
            subjects: [
              { kind: 'requester' },
              { kind: 'user', ref: 'group:default/platform-team' },
            ],
            permissions: ['view'],
            scope: { cluster: true },
          },
        ];
      },
    );
    add(
      template,
      'spec.policies.access.roleBindings[0].subjects[1].ref',
      'user as group',
      e => {
        e.spec.policies.access.roleBindings = [
          {
            name: 'extra',
            subjects: [
              { kind: 'requester' },
              { kind: 'group', ref: 'user:default/alice' },
            ],
            permissions: ['view'],
            scope: { cluster: true },
          },
        ];
      },
    );
    // Fields the schema does not know, at every level.
    for (const at of [
      'spec',
      'spec.infrastructure',
      'spec.infrastructure.nodePools[0]',
      'spec.applications[0]',
      'spec.policies',
      'spec.policies.access',
    ]) {
      for (const extra of [
        'extra',
        'nodepools',
        '__proto__x',
        'x'.repeat(300),
      ]) {
        add(template, `${at}.${extra}`, extra, e => {
          const node = at
            .split('.')
            .slice(1)
            .reduce(
              (n: any, s) =>
                s.includes('[')
                  ? n[s.split('[')[0]][Number(s.split('[')[1].slice(0, -1))]
                  : n[s],
              e.spec,
            );
          node[extra] = 'surprise';
        });
      }
    }
  }
  // Parameters whose settings or bounds would let a consumer break the template (the developer example has three).
  for (const [index, param] of [
    [0, 'gpuMaxNodes'],
    [1, 'kubernetesVersion'],
    [2, 'region'],
  ] as const) {
    for (const [field, value] of BAD_PARAMETER) {
      // Bounds mean nothing to a string parameter, and it is a string already.
      if (
        param !== 'gpuMaxNodes' &&
        (['minimum', 'maximum'].includes(field) ||
          (field === 'type' && value === 'string'))
      )
        continue;
      add(
        'developer',
        `spec.parameters[${index}]`,
        `${field}=${JSON.stringify(value)}`,
        e => (e.spec.parameters[index][field] = value),
      );
    }
  }
  for (const value of ['1.20', '1.99', 'v1.33', '1.33\n', 1.33]) {
    add(
      'developer',
      'spec.parameters[1]',
      `enum + ${JSON.stringify(value)}`,
      e => e.spec.parameters[1].enum.push(value),
    );
  }
  // A region a consumer could choose that Azure does not have.
  for (const value of [
    'atlantis',
    'South East Asia',
    'EASTUS',
    'eastus\n',
    7,
  ]) {
    add(
      'developer',
      'spec.parameters[2]',
      `enum + ${JSON.stringify(value)}`,
      e => e.spec.parameters[2].enum.push(value),
    );
  }
  return mutations;
}

/** Valid variations of the examples: each must still pass. */
export function validVariations(
  examples: Record<string, ClusterTemplateEntity>,
): Mutation[] {
  const variations: Mutation[] = [];
  const GOOD: Record<string, unknown[]> = {
    region: [
      'westeurope',
      'eastus2',
      'japaneast',
      'swedencentral',
      'australiacentral2',
    ],
    vmSize: [
      'Standard_D2s_v5',
      'Standard_E64-32s_v5',
      'Standard_ND96isr_H100_v5',
      'Standard_NC4as_T4_v3',
      'Standard_B2s',
      'Standard_DC2s_v3',
      'Standard_M128ms',
      'Standard_HB120rs_v3',
      'Standard_L8s_v3',
      'Standard_NV36ads_A10_v5',
      'Standard_D2plds_v5',
    ],
    kubernetesVersion: ['1.32', '1.33'],
    semver: ['1.0.1', '2.0.0-rc.1', '10.20.30'],
    appVersion: [
      '1.0.0',
      'v2.0.1',
      '1.0.0+build.7',
      '2024.10.1',
      'aks-managed',
    ],
    chart: ['redis', 'kube-prometheus-stack', 'a'.repeat(63)],
    helmRepository: [
      'https://charts.example.com/stable',
      'oci://example.azurecr.io/helm',
    ],
    ownerRef: [
      'group:default/platform-team',
      'user:default/alice',
      'platform-team',
      'group:platform/ai-infra',
    ],
    labelValue: ['', 'a', 'a.b_c-d', 'x'.repeat(63)],
    taint: [
      'dedicated:NoExecute',
      'example.com/gpu=a100:PreferNoSchedule',
      'k=:NoSchedule',
    ],
    namespace: ['ai', 'a'.repeat(63), 'team-1'],
    poolName: [],
    bindingName: ['admins', 'a'.repeat(63)],
  };
  const KINDS_BY_PATH: Array<[RegExp, string]> = [
    [/\.location$/, 'region'],
    [/\.vmSize$/, 'vmSize'],
    [/\.kubernetesVersion$/, 'kubernetesVersion'],
    [/^spec\.version$/, 'semver'],
    [/applications\[\d+\]\.version$/, 'appVersion'],
    [/\.chart$/, 'chart'],
    [/\.repository$/, 'helmRepository'],
    [/^spec\.owner$/, 'ownerRef'],
    [/\.labels\.[^.]+$/, 'labelValue'],
    [/\.taints\[\d+\]$/, 'taint'],
    [/applications\[\d+\]\.namespace$/, 'namespace'],
    [/roleBindings\[\d+\]\.name$/, 'bindingName'],
  ];
  for (const [template, example] of Object.entries(examples)) {
    for (const [segments] of fieldsOf(example)) {
      const path = formatPath(segments);
      const kind = KINDS_BY_PATH.find(([re]) => re.test(path))?.[1];
      for (const value of kind ? GOOD[kind] : []) {
        const entity = structuredClone(example) as any;
        setAt(entity, segments, value);
        // A parameter with allowed values on this field must allow the new template value too
        // (the developer example lets its consumer choose among regions).
        for (const param of entity.spec.parameters ?? [])
          if (
            param.enum &&
            !param.enum.includes(value) &&
            templatePath(entity.spec, param.field) === path
          )
            param.enum.push(value);
        variations.push({ template, path, value, entity });
      }
    }
    example.spec.infrastructure.nodePools.forEach((_pool, i) => {
      for (const key of [
        'team',
        'example.com/team',
        `${'a'.repeat(63)}.example.com/${'b'.repeat(63)}`,
        'kubernetes.azure.com_x',
      ]) {
        const entity = structuredClone(example) as any;
        entity.spec.infrastructure.nodePools[i].labels = {
          ...entity.spec.infrastructure.nodePools[i].labels,
          [key]: 'x',
        };
        variations.push({
          template,
          path: `spec.infrastructure.nodePools[${i}].labels`,
          value: key,
          entity,
        });
      }
    });
  }
  return variations;
}

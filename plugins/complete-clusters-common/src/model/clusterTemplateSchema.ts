import { ENVIRONMENTS } from './constants';
import { VM_SIZE_PATTERN } from './vmSizes';

/** No whitespace and no control characters (a newline in a URL or path would smuggle in another argument). */
const NO_SPACE = '[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]';

/**
 * JSON Schema (draft-07) of a ClusterTemplate entity.
 *
 * Each property may carry `x-fix`: the advice shown with an error on that
 * field, so that a producer reads what to write instead, not only what is wrong.
 * Rules that JSON Schema cannot say (one System pool, min <= max, a parameter
 * pointing at a real, unlocked field …) live in `validateClusterTemplate`.
 *
 * @public
 */
export const clusterTemplateSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'ClusterTemplateV1alpha1',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: {
      const: 'complete-clusters.io/v1alpha1',
      'x-fix': 'write apiVersion: complete-clusters.io/v1alpha1',
    },
    kind: { const: 'ClusterTemplate', 'x-fix': 'write kind: ClusterTemplate' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: [
        'owner',
        'version',
        'environment',
        'infrastructure',
        'applications',
        'policies',
      ],
      properties: {
        owner: {
          type: 'string',
          minLength: 1,
          maxLength: 255,
          'x-fix':
            'name the owning group, e.g. owner: group:default/platform-team',
        },
        version: {
          type: 'string',
          pattern:
            '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?$',
          'x-fix': 'use a semantic version such as "1.4.0" (quote it in YAML)',
        },
        environment: {
          enum: [...ENVIRONMENTS],
          'x-fix': `use one of ${ENVIRONMENTS.join(', ')}`,
        },
        approval: {
          type: 'object',
          additionalProperties: false,
          required: ['required'],
          properties: {
            required: {
              type: 'boolean',
              'x-fix': 'write required: true or required: false',
            },
            approvers: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
              'x-fix':
                'name the approving group, e.g. approvers: group:default/platform-team',
            },
          },
        },
        ownership: {
          type: 'object',
          additionalProperties: false,
          required: ['groups'],
          properties: {
            groups: {
              type: 'boolean',
              'x-fix':
                'write groups: true to let a requester choose one of their groups as the owner, or groups: false (the requester owns the cluster)',
            },
          },
        },
        drift: {
          type: 'object',
          additionalProperties: false,
          required: ['mode'],
          properties: {
            mode: {
              enum: ['repair', 'report'],
              'x-fix':
                'write mode: repair (put Azure back as the template says) or mode: report (only show the drift)',
            },
          },
        },
        lifecycle: {
          type: 'string',
          'x-fix':
            "spec.lifecycle is Backstage's lifecycle stage, a word such as production or experimental; a time to live goes in spec.expiry (timeToLiveHours, warnBeforeHours)",
        },
        expiry: {
          type: 'object',
          additionalProperties: false,
          properties: {
            timeToLiveHours: {
              type: 'integer',
              minimum: 1,
              maximum: 8760,
              'x-fix':
                'give whole hours from 1 to 8760 after which the cluster is deleted, or leave it out',
            },
            warnBeforeHours: {
              type: 'integer',
              minimum: 1,
              'x-fix':
                'give whole hours before expiry at which the owner is warned',
            },
          },
        },
        budget: {
          type: 'object',
          additionalProperties: false,
          required: ['monthly', 'currency', 'overBudget'],
          properties: {
            monthly: {
              type: 'number',
              exclusiveMinimum: 0,
              'x-fix':
                'give the most a cluster may cost a month at its worst case, a positive number, e.g. monthly: 5000',
            },
            currency: {
              type: 'string',
              pattern: '^[A-Z]{3}$',
              'x-fix':
                "give the budget's ISO 4217 currency code in capitals, e.g. currency: USD (the portal's completeClusters.prices.currency)",
            },
            overBudget: {
              enum: ['refuse', 'approve'],
              'x-fix':
                'write overBudget: refuse (a request over budget is refused) or overBudget: approve (it waits for approval)',
            },
          },
        },
        infrastructure: {
          type: 'object',
          additionalProperties: false,
          required: [
            'location',
            'kubernetesVersion',
            'networkPolicy',
            'nodePools',
          ],
          properties: {
            location: {
              type: 'string',
              pattern: '^[a-z]+[a-z0-9]*$',
              'x-fix':
                'use an Azure region name in lowercase without spaces, e.g. southeastasia or centralindia',
            },
            kubernetesVersion: {
              type: 'string',
              pattern: '^1\\.(0|[1-9][0-9]?)(\\.(0|[1-9][0-9]{0,2}))?$',
              'x-fix':
                'use a Kubernetes version that AKS offers, e.g. "1.33" or "1.33.2" (quote it in YAML)',
            },
            networkPolicy: {
              enum: ['azure', 'calico', 'cilium', 'none'],
              'x-fix': 'use one of azure, calico, cilium, none',
            },
            nodePools: {
              type: 'array',
              minItems: 1,
              maxItems: 100,
              'x-fix': 'declare at least one node pool with mode: System',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'mode', 'vmSize'],
                properties: {
                  name: {
                    type: 'string',
                    pattern: '^[a-z][a-z0-9]{0,11}$',
                    'x-fix':
                      'AKS pool names are 1-12 lowercase letters and digits, starting with a letter (e.g. gpu)',
                  },
                  mode: {
                    enum: ['System', 'User'],
                    'x-fix': 'use mode: System or mode: User',
                  },
                  vmSize: {
                    type: 'string',
                    pattern: VM_SIZE_PATTERN,
                    'x-fix':
                      'use an Azure VM size such as Standard_D4ds_v5, or a GPU size such as Standard_NC24ads_A100_v4 (az vm list-sizes names them)',
                  },
                  count: {
                    type: 'integer',
                    minimum: 0,
                    maximum: 1000,
                    'x-fix': 'use a whole number of nodes from 0 to 1000',
                  },
                  autoscale: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['min', 'max'],
                    properties: {
                      min: {
                        type: 'integer',
                        minimum: 0,
                        maximum: 1000,
                        'x-fix': 'use a whole number from 0 to 1000',
                      },
                      max: {
                        type: 'integer',
                        minimum: 1,
                        maximum: 1000,
                        'x-fix': 'use a whole number from 1 to 1000',
                      },
                    },
                  },
                  labels: {
                    type: 'object',
                    additionalProperties: {
                      type: 'string',
                      'x-fix':
                        'label values are strings; quote numbers and booleans',
                    },
                  },
                  taints: {
                    type: 'array',
                    items: {
                      type: 'string',
                      pattern:
                        '^[A-Za-z0-9./_-]+(=[A-Za-z0-9._-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$',
                      'x-fix':
                        'write taints as key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute',
                    },
                  },
                },
              },
            },
          },
        },
        applications: {
          type: 'array',
          'x-fix': 'list the applications, or write applications: [] for none',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'source', 'version'],
            properties: {
              name: {
                type: 'string',
                pattern: '^[a-z][a-z0-9-]{0,29}$',
                'x-fix':
                  'use up to 30 lowercase letters, digits and hyphens, starting with a letter',
              },
              source: {
                type: 'object',
                required: ['type'],
                'x-fix':
                  'write source.type: helm (with repository and chart), git (with url and path) or aks-addon (with addon)',
                oneOf: [
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['type', 'repository', 'chart'],
                    properties: {
                      type: { const: 'helm' },
                      repository: {
                        type: 'string',
                        pattern: `^(https|oci)://${NO_SPACE}+$`,
                        maxLength: 2048,
                        'x-fix':
                          'use an https:// or oci:// chart repository URL, without spaces or line breaks',
                      },
                      chart: {
                        type: 'string',
                        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
                        maxLength: 63,
                        'x-fix':
                          'use the chart name: up to 63 lowercase letters, digits and hyphens (Helm chart naming), e.g. redis',
                      },
                    },
                  },
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['type', 'url', 'path'],
                    properties: {
                      type: { const: 'git' },
                      url: {
                        type: 'string',
                        pattern: `^(https://|ssh://|git@)${NO_SPACE}+$`,
                        maxLength: 2048,
                        'x-fix':
                          'use an https:// or ssh:// git URL, without spaces or line breaks',
                      },
                      path: {
                        type: 'string',
                        pattern: `^${NO_SPACE}+$`,
                        maxLength: 1024,
                        'x-fix':
                          'give the folder in the repository, e.g. deploy/overlays/aks, without spaces or line breaks',
                      },
                    },
                  },
                  {
                    type: 'object',
                    additionalProperties: false,
                    required: ['type', 'addon'],
                    properties: {
                      type: { const: 'aks-addon' },
                      addon: {
                        enum: [
                          'container-insights',
                          'managed-prometheus',
                          'azure-policy',
                        ],
                      },
                    },
                  },
                ],
              },
              version: {
                type: 'string',
                minLength: 1,
                maxLength: 128,
                pattern: '^[A-Za-z0-9][A-Za-z0-9._+-]*$',
                'x-fix':
                  'pin an exact version such as "7.4.2": letters, digits, ".", "-" and "+", no ranges, wildcards, spaces or line breaks (quote it in YAML)',
              },
              namespace: {
                type: 'string',
                pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
                'x-fix':
                  'use a Kubernetes namespace name: lowercase letters, digits and hyphens',
              },
              values: { type: 'object' },
            },
          },
        },
        policies: {
          type: 'object',
          additionalProperties: false,
          required: ['podSecurity', 'networkDefault', 'access'],
          properties: {
            podSecurity: {
              enum: ['privileged', 'baseline', 'restricted'],
              'x-fix':
                'use baseline or restricted to forbid privileged containers (privileged allows them)',
            },
            networkDefault: {
              enum: ['allow', 'deny'],
              'x-fix': 'use allow or deny',
            },
            access: {
              type: 'object',
              additionalProperties: false,
              required: ['locked', 'roleBindings'],
              properties: {
                locked: {
                  type: 'boolean',
                  'x-fix':
                    'write locked: true to stop consumers changing access, false otherwise',
                },
                roleBindings: {
                  type: 'array',
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['name', 'subjects', 'permissions', 'scope'],
                    properties: {
                      name: {
                        type: 'string',
                        pattern: '^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$',
                        'x-fix':
                          'use up to 63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit',
                      },
                      subjects: {
                        type: 'array',
                        minItems: 1,
                        'x-fix':
                          'grant to at least one subject: { kind: requester }, { kind: owner }, { kind: owner-members }, { kind: group, ref: group:default/x } or { kind: user, ref: user:default/x }',
                        items: {
                          type: 'object',
                          required: ['kind'],
                          'x-fix':
                            'a subject is { kind: requester }, { kind: owner }, { kind: owner-members }, { kind: group, ref: group:default/x } or { kind: user, ref: user:default/x }',
                          oneOf: [
                            {
                              type: 'object',
                              additionalProperties: false,
                              required: ['kind'],
                              properties: {
                                kind: {
                                  enum: ['requester', 'owner', 'owner-members'],
                                },
                              },
                            },
                            {
                              type: 'object',
                              additionalProperties: false,
                              required: ['kind', 'ref'],
                              properties: {
                                kind: { enum: ['group', 'user'] },
                                ref: {
                                  type: 'string',
                                  minLength: 1,
                                  maxLength: 255,
                                  'x-fix':
                                    'write group:default/<name> or user:default/<name>',
                                },
                              },
                            },
                          ],
                        },
                      },
                      permissions: {
                        type: 'array',
                        minItems: 1,
                        uniqueItems: true,
                        items: {
                          enum: ['view', 'edit', 'exec', 'admin'],
                          'x-fix': 'use view, edit, exec or admin',
                        },
                      },
                      scope: {
                        type: 'object',
                        'x-fix':
                          'write scope: { cluster: true } or scope: { namespace: <name> }',
                        oneOf: [
                          {
                            type: 'object',
                            additionalProperties: false,
                            required: ['cluster'],
                            properties: { cluster: { const: true } },
                          },
                          {
                            type: 'object',
                            additionalProperties: false,
                            required: ['namespace'],
                            properties: {
                              namespace: {
                                type: 'string',
                                pattern: '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$',
                              },
                            },
                          },
                        ],
                      },
                    },
                  },
                },
              },
            },
          },
        },
        parameters: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'field', 'title', 'type'],
            properties: {
              id: {
                type: 'string',
                pattern: '^[a-z][A-Za-z0-9]{0,39}$',
                not: { const: 'name' },
                'x-fix':
                  'use a camelCase identifier such as gpuMaxNodes (name is reserved for the cluster name)',
              },
              field: {
                type: 'string',
                pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$',
                'x-fix':
                  'write the dotted path of a template field, e.g. infrastructure.nodePools.gpu.autoscale.max',
              },
              title: {
                type: 'string',
                minLength: 1,
                maxLength: 200,
                'x-fix': 'give the form label, up to 200 characters',
              },
              description: {
                type: 'string',
                maxLength: 2000,
                'x-fix': 'keep the help text under 2000 characters',
              },
              type: {
                enum: ['string', 'integer', 'number', 'boolean'],
                'x-fix': 'use string, integer, number or boolean',
              },
              minimum: {
                type: 'number',
                'x-fix': 'give the lowest value a consumer may choose',
              },
              maximum: {
                type: 'number',
                'x-fix': 'give the highest value a consumer may choose',
              },
              enum: {
                type: 'array',
                minItems: 1,
                maxItems: 100,
                uniqueItems: true,
                items: { type: ['string', 'number'] },
                'x-fix':
                  'list 1 to 100 different values a consumer may choose, or leave enum out',
              },
              default: { type: ['string', 'number', 'boolean'] },
            },
          },
        },
      },
    },
  },
} as const;

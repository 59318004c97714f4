import type { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const examples: TemplateExample[] = [
  {
    description:
      'Follow a requested cluster one provisioning step at a time, each with its own log',
    example: `steps:
  - id: request
    name: Record the cluster request
    action: complete-clusters:cluster:request
    input:
      template: clustertemplate:default/developer
      name: \${{ parameters.name }}
      parameters: \${{ parameters }}
  - id: resource-group
    name: Resource group
    action: complete-clusters:cluster:wait
    input:
      name: \${{ steps.request.output.name }}
      step: ResourceGroup
  - id: managed-cluster
    name: Managed cluster and node pools
    action: complete-clusters:cluster:wait
    input:
      name: \${{ steps.request.output.name }}
      step: ManagedCluster
`,
  },
  {
    description: 'Follow a requested cluster to Ready in a single step',
    example: `steps:
  - id: ready
    name: Wait until the cluster is ready
    action: complete-clusters:cluster:wait
    input:
      name: dev-ai-1
      step: Ready
`,
  },
];

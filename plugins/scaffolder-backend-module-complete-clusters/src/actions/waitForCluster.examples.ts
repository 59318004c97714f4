import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import {
  REQUEST_CLUSTER_ACTION_ID,
  WAIT_FOR_CLUSTER_ACTION_ID,
} from '@complete-clusters/plugin-complete-clusters-common';

export const examples: TemplateExample[] = [
  {
    description:
      'Follow a requested cluster one provisioning step at a time, each with its own log',
    example: `steps:
  - id: request
    name: Record the cluster request
    action: ${REQUEST_CLUSTER_ACTION_ID}
    input:
      template: clustertemplate:default/developer
      name: \${{ parameters.name }}
      parameters: \${{ parameters }}
  - id: resource-group
    name: Resource group
    action: ${WAIT_FOR_CLUSTER_ACTION_ID}
    input:
      name: \${{ steps.request.output.name }}
      step: ResourceGroup
  - id: managed-cluster
    name: Managed cluster and node pools
    action: ${WAIT_FOR_CLUSTER_ACTION_ID}
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
    action: ${WAIT_FOR_CLUSTER_ACTION_ID}
    input:
      name: dev-ai-1
      step: Ready
`,
  },
];

import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import {
  REQUEST_CLUSTER_ACTION_ID,
  WAIT_FOR_CLUSTER_ACTION_ID,
} from '@complete-clusters/plugin-complete-clusters-common';

export const examples: TemplateExample[] = [
  {
    description:
      'Request a cluster from a ClusterTemplate with the answers of the form, then follow it to Ready',
    example: `steps:
  - id: request
    name: Record the cluster request
    action: ${REQUEST_CLUSTER_ACTION_ID}
    input:
      template: clustertemplate:default/developer
      templateVersion: 1.0.0
      name: \${{ parameters.name }}
      parameters: \${{ parameters }}
  - id: ready
    name: Wait until the cluster is ready
    action: ${WAIT_FOR_CLUSTER_ACTION_ID}
    input:
      name: \${{ steps.request.output.name }}
      step: Ready
output:
  links:
    - title: Open the cluster in the catalog
      icon: catalog
      entityRef: \${{ steps.request.output.entityRef }}
`,
  },
  {
    description:
      'Request a cluster that takes every value from the template (nothing for the consumer to choose but the name)',
    example: `steps:
  - id: request
    name: Record the cluster request
    action: ${REQUEST_CLUSTER_ACTION_ID}
    input:
      template: clustertemplate:default/production
      name: prod-inference-1
`,
  },
];

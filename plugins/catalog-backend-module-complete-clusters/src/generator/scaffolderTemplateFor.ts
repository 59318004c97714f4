import {
  DEFAULT_NAMESPACE,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ANNOTATION_SOURCE_TEMPLATE,
  ANNOTATION_TEMPLATE_VERSION,
  ClusterTemplateEntity,
  PROVISIONING_STEPS,
  REQUEST_CLUSTER_ACTION_ID,
  SCAFFOLDER_TEMPLATE_TYPE,
  WAIT_FOR_CLUSTER_ACTION_ID,
  requestFormSchema,
} from '@complete-clusters/plugin-complete-clusters-common';

/** The property of the generated form that shows the pre-flight checks: its value is no template answer. */
export const PREFLIGHT_PROPERTY = 'preflight';

/** The `ui:field` the frontend plugin registers for it (`CompleteClusterPreflight`). */
export const PREFLIGHT_UI_FIELD = 'CompleteClusterPreflight';

/**
 * The form's pre-flight checks: the frontend plugin's field asks the backend
 * for the other answers as they change, shows what Azure would say with the
 * figures and fixes, and keeps the form from submitting while a check fails.
 */
function preflightProperty(ref: string, version: string) {
  return {
    title: 'Pre-flight checks',
    type: 'string',
    description:
      'What Azure would say to this request now: VM sizes, vCPU quota with every node pool at its maximum, Kubernetes version and name.',
    'ui:field': PREFLIGHT_UI_FIELD,
    'ui:options': { templateRef: ref, templateVersion: version },
    // Its value is the checks' status, nothing to review.
    'ui:backstage': { review: { show: false } },
  };
}

/** Step id of a phase: lower-kebab, e.g. ManagedCluster -> managed-cluster. */
function stepIdOf(phase: string): string {
  return phase.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * The Scaffolder Template that is the front door of a ClusterTemplate: same
 * name and namespace, a form with exactly the template's consumer parameters,
 * and steps that hand the request to the complete-clusters engine and then
 * follow it, one step (with its own log) per provisioning phase.
 */
export function scaffolderTemplateFor(
  clusterTemplate: ClusterTemplateEntity,
): Entity {
  const { metadata, spec } = clusterTemplate;
  const ref = stringifyEntityRef(clusterTemplate);
  const title = metadata.title ?? metadata.name;
  const form = requestFormSchema(spec);
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace ?? DEFAULT_NAMESPACE,
      title,
      description:
        metadata.description ??
        `A complete ${spec.environment} cluster in ${spec.infrastructure.location}.`,
      tags: [
        ...new Set([
          'complete-cluster',
          spec.environment,
          ...(metadata.tags ?? []),
        ]),
      ],
      annotations: {
        [ANNOTATION_SOURCE_TEMPLATE]: ref,
        [ANNOTATION_TEMPLATE_VERSION]: spec.version,
      },
    },
    spec: {
      owner: spec.owner,
      type: SCAFFOLDER_TEMPLATE_TYPE,
      // Every step is safe to run again (the request is idempotent by name, the
      // others only follow the cluster), so a task a backend restart interrupts
      // is taken up again where it was, when scaffolder.taskRecovery is enabled.
      EXPERIMENTAL_recovery: { EXPERIMENTAL_strategy: 'startOver' },
      parameters: [
        {
          title: `Request a ${title.toLowerCase()}`,
          description: `Version ${spec.version} of ${ref}. Fields not shown here are set by the template.`,
          required: form.required,
          properties: {
            ...form.properties,
            // A template parameter of the same id keeps its place; the request API checks anyway.
            ...(form.properties[PREFLIGHT_PROPERTY]
              ? {}
              : {
                  [PREFLIGHT_PROPERTY]: preflightProperty(ref, spec.version),
                }),
          },
        },
      ],
      steps: [
        {
          id: 'request',
          name: 'Record the cluster request',
          action: REQUEST_CLUSTER_ACTION_ID,
          input: {
            template: ref,
            templateVersion: spec.version,
            name: '${{ parameters.name }}',
            parameters: '${{ parameters }}',
            ...(spec.ownership?.groups
              ? { owner: '${{ parameters.owner }}' }
              : {}),
          },
        },
        // The approval step only where the template holds requests for an approver.
        ...PROVISIONING_STEPS.filter(
          s => s.phase !== 'AwaitingApproval' || spec.approval?.required,
        ).map(({ phase, title: stepTitle }) => ({
          id: stepIdOf(phase),
          name:
            phase === 'AwaitingApproval'
              ? `Approval by ${spec.approval?.approvers}`
              : stepTitle,
          action: WAIT_FOR_CLUSTER_ACTION_ID,
          input: { name: '${{ steps.request.output.name }}', step: phase },
        })),
      ],
      output: {
        links: [
          {
            title: 'Open the cluster in the catalog',
            icon: 'catalog',
            entityRef: '${{ steps.request.output.entityRef }}',
          },
        ],
      },
    },
  };
}

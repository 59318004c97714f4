import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  REQUEST_CLUSTER_ACTION_ID,
  clusterEntityRef,
  CLUSTER_NAME_RULE,
  clusterNameProblem,
  type Cluster,
  type PlannedAzureRequest,
  type RequestClusterBody,
  WAIT_FOR_CLUSTER_ACTION_ID,
} from '@complete-clusters/plugin-complete-clusters-common';
import { backendError, tokenFor, type ClusterActionOptions } from './backend';
import { examples } from './requestCluster.examples';

/** What the checkpoint keeps of a recorded request: enough to answer a retried task without asking again. */
type RecordedRequest = {
  created: boolean;
  name: string;
  templateRef: string;
  templateVersion: string;
  resourceId: string;
};

function describePlannedRequest(
  request: PlannedAzureRequest,
  index: number,
): string {
  const line = `${index + 1}. ${request.method} ${request.path} (${
    request.description
  })`;
  return request.body === undefined
    ? line
    : `${line}\n${JSON.stringify(request.body, null, 2)}`;
}

/**
 * Creates the `complete-clusters:cluster:request` action: records the request
 * for a complete cluster with the complete-clusters backend, once per task,
 * and outputs where the cluster will be found. In a dry run it shows the Azure
 * requests the engine would make, and records nothing.
 * @public
 */
export function createRequestClusterAction(options: ClusterActionOptions) {
  const { client, auth } = options;
  return createTemplateAction({
    id: REQUEST_CLUSTER_ACTION_ID,
    description:
      'Records the request for a complete cluster (infrastructure, applications and policies) made from a ClusterTemplate. ' +
      `The complete-clusters backend builds it; follow it with ${WAIT_FOR_CLUSTER_ACTION_ID}. ` +
      'Idempotent: asking again for a cluster you already requested follows the existing one. ' +
      'In a dry run, logs the Azure requests the engine would make and records nothing.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        template: z =>
          z
            .string({
              description:
                'Entity ref of the ClusterTemplate, e.g. clustertemplate:default/developer',
            })
            .min(1),
        templateVersion: z =>
          z
            .string({
              description:
                'The ClusterTemplate version the form was made from (spec.version); the request is refused if the template has moved on since',
            })
            .optional(),
        name: z =>
          z.string({
            description: `Name of the cluster: ${CLUSTER_NAME_RULE}. It becomes the AKS cluster name, its DNS prefix and the catalog Resource name`,
          }),
        parameters: z =>
          z
            .record(z.any(), {
              description:
                "The consumer's answers by parameter id, usually '${{ parameters }}' (the cluster name in it is ignored); a field the template locks is refused, naming it",
            })
            .optional(),
        owner: z =>
          z
            .string({
              description:
                "Entity ref of one of the requester's groups to own the cluster, usually '${{ parameters.owner }}', where the template's spec.ownership.groups allows it; empty or absent: the requester owns it",
            })
            .optional(),
      },
      output: {
        name: z => z.string({ description: 'Name of the cluster' }),
        entityRef: z =>
          z.string({
            description:
              'Entity ref of the cluster in the catalog, e.g. resource:default/dev-ai-1',
          }),
        resourceId: z =>
          z.string({
            description: 'Azure resource id of the AKS managed cluster',
          }),
      },
    },
    async handler(ctx) {
      const { template, templateVersion, name, parameters, owner } = ctx.input;
      const problem = clusterNameProblem(name);
      if (problem) throw new InputError(problem);
      const body: RequestClusterBody = {
        templateRef: template,
        templateVersion,
        name,
        parameters,
        // An owner left empty in the form means the requester.
        ...(owner?.trim() ? { owner: owner.trim() } : {}),
      };

      const call = async <T>(fn: (token: string) => Promise<T>): Promise<T> => {
        try {
          return await fn(await tokenFor(auth, ctx));
        } catch (e) {
          throw backendError(e);
        }
      };
      const output = (
        cluster: Pick<Cluster, 'name'> & { resourceId: string },
      ) => {
        ctx.output('name', cluster.name);
        ctx.output('entityRef', clusterEntityRef(cluster.name));
        ctx.output('resourceId', cluster.resourceId);
      };

      if (ctx.isDryRun) {
        const plan = await call(token =>
          client.planCluster(body, { token, signal: ctx.signal }),
        );
        const { cluster, requests } = plan;
        ctx.logger.info(
          `Dry run: would request cluster ${cluster.name} from template ${cluster.templateRef} v${cluster.templateVersion}. ` +
            `Nothing is recorded and nothing is written to Azure; the engine would make ${requests.length} Azure request(s):`,
        );
        requests.forEach((request, index) =>
          ctx.logger.info(describePlannedRequest(request, index)),
        );
        const access = `Azure access in subscription ${plan.azureAccess.subscriptionId}: ${plan.azureAccess.message}`;
        if (plan.azureAccess.ok) ctx.logger.info(access);
        else ctx.logger.warn(access);
        output({ name: cluster.name, resourceId: cluster.azure.resourceId });
        return;
      }

      // A task retried after a crash finds the checkpoint and does not ask again.
      const recorded = await ctx.checkpoint<RecordedRequest>({
        key: `request-cluster-${name}`,
        fn: async () => {
          const { cluster, created } = await call(token =>
            client.requestCluster(body, { token, signal: ctx.signal }),
          );
          return {
            created,
            name: cluster.name,
            templateRef: cluster.templateRef,
            templateVersion: cluster.templateVersion,
            resourceId: cluster.azure.resourceId,
          };
        },
      });
      ctx.logger.info(
        recorded.created
          ? `Requested cluster ${recorded.name} from template ${recorded.templateRef} v${recorded.templateVersion}`
          : `Cluster ${recorded.name} was already requested; following it`,
      );
      output(recorded);
    },
  });
}

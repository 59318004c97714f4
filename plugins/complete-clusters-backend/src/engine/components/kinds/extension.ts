import type { AzureCall } from '../../../plan/types';
import { CLUSTER_RP, CLUSTER_TYPE, longRunningUnit } from './longRunning';
import type { KindUnitOf } from './types';

/** An AKS cluster extension (e.g. Flux itself): a long-running operation on the managed cluster. */
export const extension: KindUnitOf<'extension'> = longRunningUnit<
  Extract<AzureCall, { kind: 'extension' }>
>({
  beginPut: (azure, call, options) =>
    azure.kubernetesConfiguration.extensions.beginCreate(
      call.resourceGroup,
      CLUSTER_RP,
      CLUSTER_TYPE,
      call.clusterName,
      call.name,
      call.body,
      options,
    ),
  beginDelete: (azure, call, options) =>
    azure.kubernetesConfiguration.extensions.beginDelete(
      call.resourceGroup,
      CLUSTER_RP,
      CLUSTER_TYPE,
      call.clusterName,
      call.name,
      options,
    ),
  async read(azure, call, abortSignal) {
    const found = await azure.kubernetesConfiguration.extensions.get(
      call.resourceGroup,
      CLUSTER_RP,
      CLUSTER_TYPE,
      call.clusterName,
      call.name,
      { abortSignal },
    );
    return { provisioning: found.provisioningState ?? 'Unknown' };
  },
});

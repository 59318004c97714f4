import type { AzureCall } from '../../../plan/types';
import { longRunningUnit, onCluster } from './longRunning';
import type { KindUnitOf } from './types';

/** An AKS cluster extension (e.g. Flux itself): a long-running operation on the managed cluster. */
export const extension: KindUnitOf<'extension'> = longRunningUnit<
  Extract<AzureCall, { kind: 'extension' }>
>({
  beginPut: (azure, call, options) =>
    azure.kubernetesConfiguration.extensions.beginCreate(
      ...onCluster(call),
      call.body,
      options,
    ),
  beginDelete: (azure, call, options) =>
    azure.kubernetesConfiguration.extensions.beginDelete(
      ...onCluster(call),
      options,
    ),
  async read(azure, call, abortSignal) {
    const found = await azure.kubernetesConfiguration.extensions.get(
      ...onCluster(call),
      { abortSignal },
    );
    return { provisioning: found.provisioningState ?? 'Unknown' };
  },
});

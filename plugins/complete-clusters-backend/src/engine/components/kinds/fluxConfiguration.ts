import type {
  FluxConfiguration,
  ObjectStatusDefinition,
} from '@azure/arm-kubernetesconfiguration';
import type { AzureCall } from '../../../plan/types';
import { longRunningUnit, onCluster } from './longRunning';
import type { FluxReport, KindUnitOf } from './types';

/** What Flux says is wrong, from the first status whose Ready condition is not True. */
function fluxProblem(
  statuses: Array<ObjectStatusDefinition | null> | undefined,
  errorMessage?: string,
): string | undefined {
  for (const status of statuses ?? []) {
    const condition = status?.statusConditions?.find(
      c => c.type === 'Ready' && c.status !== 'True',
    );
    if (status && condition?.message)
      return `${status.kind ?? 'object'} ${status.name ?? ''}: ${
        condition.message
      }`.trim();
  }
  return errorMessage || undefined;
}

export function fluxReport(config: FluxConfiguration): FluxReport {
  return {
    provisioning: config.provisioningState ?? 'Unknown',
    compliance: config.complianceState ?? 'Unknown',
    problem: fluxProblem(config.statuses, config.errorMessage),
  };
}

/**
 * A Flux configuration (one per application): a long-running operation on
 * the managed cluster, read back with Flux's compliance.
 */
export const fluxConfiguration: KindUnitOf<'fluxConfiguration'> =
  longRunningUnit<Extract<AzureCall, { kind: 'fluxConfiguration' }>>({
    beginPut: (azure, call, options) =>
      azure.kubernetesConfiguration.fluxConfigurations.beginCreateOrUpdate(
        ...onCluster(call),
        call.body,
        options,
      ),
    beginDelete: (azure, call, options) =>
      azure.kubernetesConfiguration.fluxConfigurations.beginDelete(
        ...onCluster(call),
        options,
      ),
    async read(azure, call, abortSignal) {
      const config = await azure.kubernetesConfiguration.fluxConfigurations.get(
        ...onCluster(call),
        { abortSignal },
      );
      const flux = fluxReport(config);
      return { provisioning: flux.provisioning, flux };
    },
  });

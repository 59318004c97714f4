import type { KindUnitOf } from './types';

const ADDON_NAMES = {
  omsagent: 'omsagent (Container Insights)',
  azurepolicy: 'azurepolicy (Azure Policy)',
  managedPrometheus: 'managed Prometheus',
};

/**
 * An add-on application: it is part of the managed cluster (its own PUT
 * enables it); installing it is checking that Azure runs it.
 */
export const addon: KindUnitOf<'addon'> = {
  async start(azure, call, _pollIntervalMs, abortSignal) {
    const cluster = await azure.containerService.managedClusters.get(
      call.resourceGroup,
      call.clusterName,
      { abortSignal },
    );
    const enabled =
      call.addon === 'managedPrometheus'
        ? cluster.azureMonitorProfile?.metrics?.enabled === true
        : Object.entries(cluster.addonProfiles ?? {}).some(
            ([key, profile]) =>
              key.toLowerCase() === call.addon && profile.enabled,
          );
    if (!enabled) {
      throw Object.assign(
        new Error(
          `Azure does not report the add-on ${
            ADDON_NAMES[call.addon]
          } enabled on managed cluster ${call.clusterName}.`,
        ),
        {
          code: 'AddonNotEnabled',
        },
      );
    }
    return {
      done: true,
      detail: `Azure runs the add-on ${ADDON_NAMES[call.addon]} on the cluster`,
    };
  },
  async remove() {
    // Add-ons go with the managed cluster's own PUT.
    return { done: true };
  },
};

import {
  KUBERNETES_VERSIONS,
  versionsInRegion,
} from '../catalog/kubernetesVersions';
import { normalizeLocation } from '../catalog/regions';
import { ArmRequest, ArmResponse, EmulatorContext } from '../server/context';
import { poolsOf } from './agentPools';
import { requireCluster } from './managedClusters';

const minorOf = (v: string) => v.split('.').slice(0, 2).join('.');

/** Versions a cluster at `current` may move to in a region: later patches of its minor, and the next minor's patches. */
function upgradesFrom(ctx: EmulatorContext, location: string, current: string) {
  const offered = versionsInRegion(ctx.config.kubernetesVersions, location);
  const i = offered.findIndex(v => v.version === minorOf(current));
  const patchNumber = (v: string) => Number(v.split('.')[2] ?? 0);
  const same =
    i >= 0
      ? offered[i].patches.filter(p => patchNumber(p) > patchNumber(current))
      : [];
  const next = i >= 0 && offered[i + 1] ? offered[i + 1] : undefined;
  return [
    ...same.map(v => ({ kubernetesVersion: v })),
    ...(next?.patches ?? []).map(v => ({
      kubernetesVersion: v,
      ...(next?.isPreview ? { isPreview: true } : {}),
    })),
  ];
}

/** `GET …/locations/{l}/kubernetesVersions` (ManagedClusters_ListKubernetesVersions). */
export function listKubernetesVersions(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const location = normalizeLocation(req.params.location);
  const offered = versionsInRegion(ctx.config.kubernetesVersions, location);
  return {
    status: 200,
    body: {
      values: offered.map(v => ({
        version: v.version,
        capabilities: {
          supportPlan: v.lts
            ? ['KubernetesOfficial', 'AKSLongTermSupport']
            : ['KubernetesOfficial'],
        },
        ...(v.isDefault ? { isDefault: true } : {}),
        isPreview: !!v.isPreview,
        patchVersions: Object.fromEntries(
          v.patches.map(p => [
            p,
            {
              upgrades: upgradesFrom(ctx, location, p).map(
                u => u.kubernetesVersion,
              ),
            },
          ]),
        ),
      })),
    },
  };
}

/** `GET …/managedClusters/{c}/upgradeProfiles/default` (ManagedClusters_GetUpgradeProfile). */
export function getUpgradeProfile(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const {
    subscriptionId: sub,
    resourceGroupName: rg,
    resourceName: name,
  } = req.params;
  const cluster = requireCluster(ctx, sub, rg, name);
  const location = normalizeLocation(cluster.resource.location);
  const current = cluster.resource.properties.currentKubernetesVersion;
  return {
    status: 200,
    body: {
      id: `${cluster.id}/upgradeprofiles/default`,
      name: 'default',
      type: 'Microsoft.ContainerService/managedClusters/upgradeprofiles',
      properties: {
        controlPlaneProfile: {
          kubernetesVersion: current,
          osType: 'Linux',
          upgrades: upgradesFrom(ctx, location, current),
        },
        agentPoolProfiles: poolsOf(ctx, cluster.key).map(p => {
          const v =
            p.resource.properties.currentOrchestratorVersion ??
            p.resource.properties.orchestratorVersion ??
            current;
          return {
            name: p.name,
            kubernetesVersion: v,
            osType: p.resource.properties.osType ?? 'Linux',
            upgrades: upgradesFrom(ctx, location, v),
          };
        }),
      },
    },
  };
}

export { KUBERNETES_VERSIONS };

import type { Application } from '@complete-clusters/plugin-complete-clusters-common';
import { describeApplicationSource } from '@complete-clusters/plugin-complete-clusters-common';
import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import {
  fluxConfiguration,
  fluxConfigurationId,
  kustomization,
  platformPath,
  platformRepository,
} from './flux';
import { PLATFORM_CONFIGURATION_KEY } from './policyComponents';
import type { AddonCheck, PlannedComponent, PlanInput } from './types';

const ADDONS: Record<
  'container-insights' | 'managed-prometheus' | 'azure-policy',
  { check: AddonCheck; what: string }
> = {
  'container-insights': {
    check: 'omsagent',
    what: 'Container Insights (central logging to Log Analytics)',
  },
  'managed-prometheus': {
    check: 'managedPrometheus',
    what: 'Azure Monitor managed Prometheus (metrics)',
  },
  'azure-policy': { check: 'azurepolicy', what: 'the Azure Policy add-on' },
};

/** The Flux configuration of one application. */
export function applicationConfigurationName(app: Application): string {
  return `app-${app.name}`;
}

/**
 * The variables the platform's helm-release folder expects, filled from the
 * application (see gitops/helm-release).
 */
export function helmReleaseVariables(app: Application): Record<string, string> {
  if (app.source.type !== 'helm')
    throw new Error(`${app.name} is not a Helm application`);
  return {
    app_name: app.name,
    chart_repository: app.source.repository,
    chart_repository_type: app.source.repository.startsWith('oci://')
      ? 'oci'
      : 'default',
    chart_name: app.source.chart,
    chart_version: app.version,
    target_namespace: app.namespace!,
    chart_values: JSON.stringify(app.values ?? {}),
  };
}

function applicationComponent(
  input: PlanInput,
  platform: PlatformSettings,
  app: Application,
  hasPlatformConfig: boolean,
): PlannedComponent {
  const { azure, name: clusterName } = input;
  const clusterId = azure.resourceId;
  const base = {
    key: `application:${app.name}`,
    layer: 'applications' as const,
    phase: 'Applications' as const,
    name: app.name,
    version: app.version,
  };
  if (app.source.type === 'aks-addon') {
    const addon = ADDONS[app.source.addon];
    return {
      ...base,
      kind: 'addon',
      description: `${describeApplicationSource(app)}: ${
        addon.what
      }, enabled on the managed cluster itself`,
      azureId: clusterId,
      dependsOn: [],
      call: {
        kind: 'addon',
        resourceGroup: azure.resourceGroup,
        clusterName,
        addon: addon.check,
      },
    };
  }
  const name = applicationConfigurationName(app);
  const body =
    app.source.type === 'helm'
      ? fluxConfiguration(platform, platformRepository(platform), {
          app: kustomization(
            platformPath(platform, 'helm-release'),
            helmReleaseVariables(app),
          ),
        })
      : fluxConfiguration(
          platform,
          {
            url: app.source.url,
            repositoryRef: { tag: app.version },
            syncIntervalInSeconds: 600,
            timeoutInSeconds: 600,
          },
          { app: kustomization(`./${app.source.path.replace(/^\.?\/+/, '')}`) },
        );
  return {
    ...base,
    kind: 'fluxConfiguration',
    description: `${describeApplicationSource(app)}, version ${
      app.version
    }, in namespace ${app.namespace} (Flux configuration ${name})`,
    azureId: fluxConfigurationId(clusterId, name),
    // Its namespace, with pod security and network rules, exists first.
    dependsOn: hasPlatformConfig ? [PLATFORM_CONFIGURATION_KEY] : [],
    call: {
      kind: 'fluxConfiguration',
      resourceGroup: azure.resourceGroup,
      clusterName,
      name,
      body,
    },
  };
}

/** One component per application of the template, in its order. */
export function applicationComponents(
  input: PlanInput,
  platform: PlatformSettings,
  hasPlatformConfig: boolean,
): PlannedComponent[] {
  return input.spec.applications.map(app =>
    applicationComponent(input, platform, app, hasPlatformConfig),
  );
}

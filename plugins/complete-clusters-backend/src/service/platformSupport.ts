import { InputError } from '@backstage/errors';
import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import type { PlatformSettings } from '../config/readCompleteClustersConfig';

/** What a template needs from this portal's configuration, refused up front rather than half-built. */
export function checkPlatformSupports(
  templateRef: string,
  spec: ClusterTemplateSpec,
  platform: PlatformSettings,
) {
  const logging = spec.applications.find(
    a =>
      a.source.type === 'aks-addon' && a.source.addon === 'container-insights',
  );
  if (logging && !platform.addons.logAnalyticsWorkspaceResourceId) {
    throw new InputError(
      `Template ${templateRef} installs ${logging.name} (Container Insights), but this portal has no Log Analytics workspace to send logs to. ` +
        'Fix: ask your platform team to set completeClusters.addons.logAnalyticsWorkspaceResourceId. Nothing was recorded.',
    );
  }
}

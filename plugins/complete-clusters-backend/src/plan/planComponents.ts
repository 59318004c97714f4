import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import { accessComponents } from './accessComponents';
import { applicationComponents } from './applicationComponents';
import {
  PLATFORM_CONFIGURATION_KEY,
  platformComponents,
  podSecurityComponents,
} from './policyComponents';
import type { PlannedComponent, PlanInput } from './types';

/**
 * Everything the engine installs on a cluster after its infrastructure, in
 * order: first the policies (pod security, access, the GitOps engine with the
 * namespaces and their network rules), then the applications. A pure function
 * of the recorded cluster and the platform settings, so every replica, the
 * dry run and the portal agree on what a cluster should carry.
 */
export function planComponents(
  input: PlanInput,
  platform: PlatformSettings,
): PlannedComponent[] {
  const platformParts = platformComponents(input, platform);
  const hasPlatformConfig = platformParts.some(
    c => c.key === PLATFORM_CONFIGURATION_KEY,
  );
  return [
    ...podSecurityComponents(input),
    ...accessComponents(input),
    ...platformParts,
    ...applicationComponents(input, platform, hasPlatformConfig),
  ];
}

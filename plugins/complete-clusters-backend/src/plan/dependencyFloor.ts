import type { PlatformSettings } from '../config/readCompleteClustersConfig';
import { planComponents } from './planComponents';
import type { PlanInput } from './types';

/**
 * The longest chain of long-running Azure operations that wait on one
 * another to build a cluster: the managed cluster, then its components along
 * `dependsOn` (only the Flux extension and Flux configurations are
 * long-running; assignments and definitions answer at once). Times the
 * operation time, it is the least time the cluster can take to be Ready.
 *
 * @public
 */
export function dependencyFloor(
  cluster: PlanInput,
  platform: PlatformSettings,
): number {
  const plan = planComponents(cluster, platform);
  const byKey = new Map(plan.map(c => [c.key, c]));
  const depth = (key: string): number => {
    const c = byKey.get(key);
    if (!c) return 0;
    const own =
      c.call.kind === 'extension' || c.call.kind === 'fluxConfiguration'
        ? 1
        : 0;
    return own + Math.max(0, ...c.dependsOn.map(depth));
  };
  return 1 + Math.max(0, ...plan.map(c => depth(c.key)));
}

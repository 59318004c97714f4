import { FINAL_PHASES } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from './types';

/** A Deleted or Rejected cluster: its record stays for good, its name is free for a new cluster. */
export function isFinished(cluster: Pick<ClusterRecord, 'phase'>): boolean {
  return (FINAL_PHASES as readonly string[]).includes(cluster.phase);
}

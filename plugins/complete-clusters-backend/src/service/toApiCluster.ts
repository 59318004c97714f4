import { describePoolSize } from '@internal/plugin-complete-clusters-common';
import type { Cluster, ClusterDetails } from '@internal/plugin-complete-clusters-common';
import type { ClusterEvent, ClusterRecord } from '../database/types';

/** The API view of a stored cluster: no lease, no operation state. */
export function toApiCluster(record: ClusterRecord): Cluster {
  return {
    name: record.name,
    templateRef: record.templateRef,
    templateVersion: record.templateVersion,
    environment: record.spec.environment,
    ownerRef: record.ownerRef,
    requestedBy: record.requestedBy,
    phase: record.phase,
    ...(record.statusMessage ? { statusMessage: record.statusMessage } : {}),
    parameters: record.parameters,
    azure: record.azure,
    nodePools: record.spec.infrastructure.nodePools.map(p => ({
      name: p.name,
      mode: p.mode,
      vmSize: p.vmSize,
      size: describePoolSize(p),
    })),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export function toApiClusterDetails(record: ClusterRecord, events: ClusterEvent[]): ClusterDetails {
  return {
    ...toApiCluster(record),
    events: events.map(e => ({ id: e.id, phase: e.phase, level: e.level, message: e.message, createdAt: e.createdAt })),
  };
}

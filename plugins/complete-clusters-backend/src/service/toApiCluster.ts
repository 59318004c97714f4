import {
  describeApplicationSource,
  describePolicies,
  describePoolSize,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  Cluster,
  ClusterComponent,
  ClusterDetails,
  ClusterEventItem,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterEvent,
  ClusterEventPage,
  ClusterRecord,
  ComponentStatus,
} from '../database/types';
import type { PlannedComponent } from '../plan/types';

/** The API view of a stored cluster: no lease, no operation state, no principals. */
export function toApiCluster(record: ClusterRecord): Cluster {
  const { spec } = record;
  return {
    id: record.id,
    name: record.name,
    templateRef: record.templateRef,
    templateVersion: record.templateVersion,
    environment: spec.environment,
    ownerRef: record.ownerRef,
    requestedBy: record.requestedBy,
    phase: record.phase,
    activity: record.activity,
    ...(record.statusMessage ? { statusMessage: record.statusMessage } : {}),
    ...(record.decision ? { decision: record.decision } : {}),
    ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}),
    ...(record.deletion ? { deletion: record.deletion } : {}),
    ...(record.rebuiltFrom ? { rebuiltFrom: record.rebuiltFrom } : {}),
    ...(record.rebuiltTo ? { rebuiltTo: record.rebuiltTo } : {}),
    ...(record.drift
      ? { drift: { ...record.drift, mode: spec.drift?.mode ?? 'report' } }
      : {}),
    parameters: record.parameters,
    azure: record.azure,
    nodePools: spec.infrastructure.nodePools.map(p => ({
      name: p.name,
      mode: p.mode,
      vmSize: p.vmSize,
      size: describePoolSize(p),
    })),
    applications: spec.applications.map(app => ({
      name: app.name,
      version: app.version,
      ...(app.source.type !== 'aks-addon' && app.namespace
        ? { namespace: app.namespace }
        : {}),
      source: describeApplicationSource(app),
    })),
    policies: describePolicies(spec),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Each planned component with where it stands (Pending until the engine has touched it). */
export function toApiComponents(
  plan: PlannedComponent[],
  statuses: ComponentStatus[],
): ClusterComponent[] {
  const byKey = new Map(statuses.map(s => [s.key, s]));
  return plan.map(c => {
    const status = byKey.get(c.key);
    return {
      key: c.key,
      layer: c.layer,
      kind: c.kind,
      name: c.name,
      description: c.description,
      ...(c.version ? { version: c.version } : {}),
      state: status?.state ?? 'Pending',
      ...(status?.message ? { message: status.message } : {}),
      azureId: c.azureId,
      ...(status ? { updatedAt: status.updatedAt } : {}),
      ...(c.grant
        ? {
            grant: {
              to: c.grant.ref,
              role: c.grant.roleName,
              where: c.grant.where,
              because: c.grant.because,
            },
          }
        : {}),
    };
  });
}

export function toApiEvent(e: ClusterEvent): ClusterEventItem {
  return {
    id: e.id,
    phase: e.phase,
    level: e.level,
    message: e.message,
    ...(e.decision ? { decision: true } : {}),
    createdAt: e.createdAt,
  };
}

export function toApiClusterDetails(
  record: ClusterRecord,
  events: ClusterEventPage,
  components: ClusterComponent[],
): Omit<ClusterDetails, 'actions' | 'scaleParameters'> {
  return {
    ...toApiCluster(record),
    events: events.events.map(toApiEvent),
    ...(events.before ? { eventsBefore: events.before } : {}),
    components,
  };
}

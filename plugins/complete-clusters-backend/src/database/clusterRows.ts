import { parseOperationFailures, parseOperationState } from './operationState';
import type {
  ClusterEvent,
  ClusterRecord,
  NewClusterEvent,
  RolloutRecord,
} from './types';

/** A row of cluster_requests, snake_case as stored. */
export type ClusterRow = {
  id: string;
  name: string;
  template_ref: string;
  template_version: string;
  parameters: string;
  spec: string;
  requested_by: string;
  owner_ref: string;
  phase: ClusterRecord['phase'];
  status_message: string | null;
  subscription_id: string;
  resource_group: string;
  resource_id: string;
  location: string;
  fqdn: string | null;
  certificate_authority: string | null;
  operation_state: string | null;
  attempts: number;
  operation_failures?: string | null;
  principals: string | null;
  failed_phase: ClusterRecord['phase'] | null;
  activity: ClusterRecord['activity'] | null;
  decision: 'approved' | 'rejected' | null;
  decided_by: string | null;
  decision_reason: string | null;
  decided_at: Date | string | null;
  expires_at: Date | string | null;
  expiry_warned_at: Date | string | null;
  drift: string | null;
  drift_checked_at: Date | string | null;
  gitops_checked_at?: Date | string | null;
  rollout_id: string | null;
  deletion_requested_by: string | null;
  deletion_cause: 'user' | 'expiry' | null;
  deletion_requested_at: Date | string | null;
  rebuilt_from?: string | null;
  rebuilt_to?: string | null;
  lease_owner: string | null;
  lease_expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

export type RolloutRow = {
  id: string;
  template_ref: string;
  to_version: string;
  requested_by: string;
  state: RolloutRecord['state'];
  clusters: string;
  position: number;
  message: string | null;
  created_at: Date | string;
  updated_at: Date | string;
};

export const iso = (value: Date | string) => new Date(value).toISOString();

export function toRecord(row: ClusterRow): ClusterRecord {
  return {
    id: row.id,
    name: row.name,
    templateRef: row.template_ref,
    templateVersion: row.template_version,
    parameters: JSON.parse(row.parameters),
    spec: JSON.parse(row.spec),
    requestedBy: row.requested_by,
    ownerRef: row.owner_ref,
    phase: row.phase,
    statusMessage: row.status_message ?? undefined,
    azure: {
      subscriptionId: row.subscription_id,
      resourceGroup: row.resource_group,
      resourceId: row.resource_id,
      location: row.location,
      ...(row.fqdn ? { fqdn: row.fqdn } : {}),
      ...(row.certificate_authority
        ? { certificateAuthority: row.certificate_authority }
        : {}),
    },
    operationState: parseOperationState(row.operation_state),
    attempts: Number(row.attempts),
    operationFailures: parseOperationFailures(row.operation_failures),
    principals: row.principals ? JSON.parse(row.principals) : {},
    ...(row.failed_phase ? { failedPhase: row.failed_phase } : {}),
    activity: row.activity ?? 'create',
    ...(row.decision && row.decided_by && row.decided_at
      ? {
          decision: {
            decision: row.decision,
            by: row.decided_by,
            reason: row.decision_reason ?? '',
            at: iso(row.decided_at),
          },
        }
      : {}),
    ...(row.expires_at ? { expiresAt: iso(row.expires_at) } : {}),
    ...(row.expiry_warned_at
      ? { expiryWarnedAt: iso(row.expiry_warned_at) }
      : {}),
    ...(row.drift && row.drift_checked_at
      ? {
          drift: {
            checkedAt: iso(row.drift_checked_at),
            items: JSON.parse(row.drift),
          },
        }
      : {}),
    ...(row.gitops_checked_at
      ? { gitopsCheckedAt: iso(row.gitops_checked_at) }
      : {}),
    ...(row.rollout_id ? { rolloutId: row.rollout_id } : {}),
    ...(row.deletion_requested_at
      ? { deletion: toDeletion(row, iso(row.deletion_requested_at)) }
      : {}),
    ...(row.rebuilt_from ? { rebuiltFrom: row.rebuilt_from } : {}),
    ...(row.rebuilt_to ? { rebuiltTo: row.rebuilt_to } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function toDeletion(
  row: ClusterRow,
  at: string,
): NonNullable<ClusterRecord['deletion']> {
  return row.deletion_cause === 'expiry'
    ? { cause: 'expiry', at }
    : { cause: 'user', by: row.deletion_requested_by ?? 'unknown', at };
}

export function eventRow(event: NewClusterEvent) {
  return {
    cluster_id: event.clusterId,
    phase: event.phase,
    level: event.level,
    message: event.message,
    decision: event.decision === true,
  };
}

export function toEvent(r: any): ClusterEvent {
  return {
    id: Number(r.id),
    clusterId: r.cluster_id,
    phase: r.phase,
    level: r.level,
    message: r.message,
    decision: r.decision === true || r.decision === 1,
    createdAt: iso(r.created_at),
  };
}

/** A row of cluster_rollout_templates. */
export type RolloutTemplateRow = {
  rollout_id: string;
  template_ref: string;
  to_version: string;
  position: number;
  running_ref: string | null;
};

/**
 * A rollout with its templates (in request order). Rows written before
 * rollouts spanned templates have no template on each cluster: theirs is the
 * rollout's one template.
 */
export function toRollout(
  row: RolloutRow,
  templateRows: RolloutTemplateRow[] = [],
): RolloutRecord {
  const templates = templateRows.length
    ? [...templateRows]
        .sort((a, b) => Number(a.position) - Number(b.position))
        .map(t => ({ templateRef: t.template_ref, toVersion: t.to_version }))
    : [{ templateRef: row.template_ref, toVersion: row.to_version }];
  const clusters = (JSON.parse(row.clusters) as RolloutRecord['clusters']).map(
    c => ({
      ...c,
      templateRef: c.templateRef ?? row.template_ref,
      toVersion: c.toVersion ?? row.to_version,
    }),
  );
  return {
    id: row.id,
    templateRef: row.template_ref,
    toVersion: row.to_version,
    templates,
    requestedBy: row.requested_by,
    state: row.state,
    clusters,
    position: Number(row.position),
    ...(row.message ? { message: row.message } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

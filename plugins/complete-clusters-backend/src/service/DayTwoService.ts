import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  clusterApprovePermission,
  clusterDeletePermission,
  clusterRetryPermission,
  clusterScalePermission,
  clusterUpdatePermission,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { parseEntityRef } from '@backstage/catalog-model';
import type { ClusterRecord } from '../database/types';
import { isFinished } from '../database/isFinished';
import { Access, Relation } from './access';
import { enforceBudgetOfChange } from './cost/budget';
import type {
  ClusterEventStore,
  ClusterRequestStore,
} from '../database/stores';
import type { ServiceDepsWith } from './serviceDeps';
import { toApiCluster } from './toApiCluster';
import { scaleParameters } from './updates/scaleParameters';
import { ClusterUpdater, ClusterUpdaterDeps } from './updates/ClusterUpdater';
import { respecCluster } from './updates/respecCluster';

/** What the day-two actions on a cluster work with. */
export type DayTwoStore = Pick<
  ClusterRequestStore,
  | 'getCluster'
  | 'getClusterById'
  | 'decide'
  | 'requestDeletion'
  | 'retryCluster'
  | 'startChange'
> &
  Pick<ClusterEventStore, 'appendEvent'> &
  ClusterUpdaterDeps['store'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REASON_MAX = 1000;

/**
 * What owners, the platform team and approvers do with a cluster after its
 * request: approve or reject it, bring it to a new template version, scale it
 * within the template's bounds, retry it, delete it. Each checks the
 * permission framework and the ownership rules, refuses bad input naming the
 * field and the fix, and records who did what in the cluster's history.
 */
export class DayTwoService {
  private readonly access: Access;
  private readonly updater: ClusterUpdater;

  constructor(private readonly deps: ServiceDepsWith<DayTwoStore>) {
    this.access = new Access(deps);
    this.updater = new ClusterUpdater(deps);
  }

  private async load(name: string): Promise<ClusterRecord> {
    const record = await this.deps.store.getCluster(name);
    if (!record || isFinished(record))
      throw new NotFoundError(`There is no cluster named ${name}.`);
    return record;
  }

  /** Only the cluster's owners, or the members of its template's owning group, change or delete it. */
  private async requireOwnerOrTemplateOwner(
    credentials: BackstageCredentials,
    record: ClusterRecord,
    action: string,
  ): Promise<Relation> {
    const user = this.access.user(credentials, action);
    const relation = await this.access.relation(user, record);
    if (!relation.owner && !relation.templateOwner) {
      throw new NotAllowedError(
        `Only the owner of cluster ${record.name} (${record.ownerRef}) or a member of ${record.spec.owner}, which owns its template, may ${action}.`,
      );
    }
    return relation;
  }

  /** The cluster as stored now, as the API shows it. */
  private async reload(id: string): Promise<Cluster> {
    return toApiCluster((await this.deps.store.getClusterById(id))!);
  }

  /** Approves or rejects a request waiting for approval, with the approver's reason. */
  async decide(
    name: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Cluster> {
    if (!isObject(body))
      throw new InputError(
        'The body must be a JSON object with decision and reason.',
      );
    const { decision, reason } = body;
    if (decision !== 'approve' && decision !== 'reject') {
      throw new InputError(
        'decision must be "approve" or "reject". Fix: send { "decision": "approve", "reason": "..." }.',
      );
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new InputError(
        'reason is missing. Fix: say why, in a few words; the requester sees it.',
      );
    }
    if (reason.length > REASON_MAX)
      throw new InputError(
        `reason is ${reason.length} characters long. Fix: keep it under ${REASON_MAX}.`,
      );
    // Who may decide is settled before anything about the cluster's state is told.
    const user = this.access.user(credentials, 'approve requests');
    await this.access.require(
      clusterApprovePermission,
      credentials,
      'approve or reject cluster requests',
    );
    const record = await this.load(name);
    const relation = await this.access.relation(user, record);
    const approvers = record.spec.approval?.required
      ? record.spec.approval.approvers
      : undefined;
    if (!approvers)
      throw new NotAllowedError(
        `Requests from ${record.templateRef} need no approval; nobody decides on them.`,
      );
    if (!relation.approver)
      throw new NotAllowedError(
        `Only members of ${approvers} approve requests from ${record.templateRef}.`,
      );
    if (relation.requester)
      throw new NotAllowedError(
        `You requested cluster ${name} yourself; another member of ${approvers} must decide on it.`,
      );
    if (record.phase !== 'AwaitingApproval') {
      throw new ConflictError(
        `Cluster ${name} is not awaiting approval: it is ${record.phase}${
          record.decision
            ? ` (${record.decision.decision} by ${record.decision.by})`
            : ''
        }.`,
      );
    }
    const verdict = decision === 'approve' ? 'approved' : 'rejected';
    const decided = await this.deps.store.decide(record.id, {
      decision: verdict,
      by: relation.user,
      reason: reason.trim(),
      at: new Date().toISOString(),
    });
    if (!decided)
      throw new ConflictError(
        `Cluster ${name} was decided on by someone else just now; reload it.`,
      );
    await this.deps.store.appendEvent({
      clusterId: record.id,
      phase: 'AwaitingApproval',
      level: verdict === 'approved' ? 'info' : 'warning',
      decision: true,
      message: `${verdict === 'approved' ? 'Approved' : 'Rejected'} by ${
        relation.user
      }: ${reason.trim()}`,
    });
    this.deps.logger.info(`Cluster ${name} ${verdict} by ${relation.user}`);
    if (verdict === 'approved') this.deps.onNewWork();
    return this.reload(record.id);
  }

  /** Brings a cluster to the current version of its template. */
  async update(
    name: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Cluster> {
    const toVersion = isObject(body) ? body.toVersion : undefined;
    if (toVersion !== undefined && typeof toVersion !== 'string') {
      throw new InputError(
        'toVersion must be the template version you reviewed, e.g. "1.1.0".',
      );
    }
    await this.access.require(
      clusterUpdatePermission,
      credentials,
      'update clusters',
    );
    const record = await this.load(name);
    const relation = await this.requireOwnerOrTemplateOwner(
      credentials,
      record,
      `update cluster ${name}`,
    );
    const template = await this.updater.templateOf(record, credentials);
    if (toVersion && toVersion !== template.spec.version) {
      throw new ConflictError(
        `Template ${
          parseEntityRef(record.templateRef).name
        } is now at version ${
          template.spec.version
        }, not ${toVersion}. Fix: review the changes again and update to ${
          template.spec.version
        }.`,
      );
    }
    const refused = await this.updater.start(record, template, relation.user);
    if (refused) throw new ConflictError(refused);
    return this.reload(record.id);
  }

  /** Resizes node pools within the template's bounds. */
  async scale(
    name: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Cluster> {
    if (!isObject(body) || !isObject(body.parameters)) {
      throw new InputError(
        'The body must be { "parameters": { "<parameter id>": <number> } }.',
      );
    }
    await this.access.require(
      clusterScalePermission,
      credentials,
      'scale clusters',
    );
    const record = await this.load(name);
    const relation = await this.requireOwnerOrTemplateOwner(
      credentials,
      record,
      `scale cluster ${name}`,
    );
    const allowed = scaleParameters(record.spec);
    const values = body.parameters;
    for (const [id, value] of Object.entries(values)) {
      const param = allowed.find(p => p.id === id);
      if (!param) {
        throw new InputError(
          `parameters.${id}: not a node pool size of this cluster's template. Fix: use one of ${
            allowed.map(p => p.id).join(', ') ||
            '(none: the template allows no scaling)'
          }.`,
        );
      }
      if (typeof value !== 'number')
        throw new InputError(
          `parameters.${id}: ${JSON.stringify(
            value,
          )} is not a number. Fix: give a number from ${
            param.minimum ?? 0
          } to ${param.maximum ?? 'any'}.`,
        );
    }
    if (record.phase !== 'Ready')
      throw new ConflictError(
        `Cluster ${name} is ${record.phase}; scale it once it is Ready.`,
      );
    const parameters = { ...record.parameters, ...values };
    const spec = respecCluster(record, parameters);
    const changed = allowed.filter(
      p => values[p.id] !== undefined && values[p.id] !== p.value,
    );
    if (changed.length === 0) return toApiCluster(record);
    const sizeChanges = changed
      .map(p => `${p.title} ${p.value} → ${values[p.id]}`)
      .join(', ');
    // Its new worst case against the template's budget, before anything is recorded.
    await enforceBudgetOfChange(
      {
        what: `The scale of cluster ${name} (${sizeChanges})`,
        kind: 'scale',
        fix: 'a smaller maximum or count',
      },
      spec,
      record.spec,
      this.deps.cost,
    );
    const started = await this.deps.store.startChange(
      record.id,
      {
        activity: 'scale',
        phase: 'ManagedCluster',
        spec,
        parameters,
        statusMessage: `Scaling: ${sizeChanges}`,
      },
      ['Ready'],
    );
    if (!started)
      throw new ConflictError(
        `Cluster ${name} became busy; scale it once it is Ready.`,
      );
    await this.deps.store.appendEvent({
      clusterId: record.id,
      phase: 'ManagedCluster',
      level: 'info',
      decision: true,
      message: `Scaling requested by ${relation.user}: ${sizeChanges}`,
    });
    this.deps.onNewWork();
    return this.reload(record.id);
  }

  /** Puts a Failed cluster back to work where it failed. */
  async retry(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<Cluster> {
    await this.access.require(
      clusterRetryPermission,
      credentials,
      'retry clusters',
    );
    const record = await this.load(name);
    const relation = await this.requireOwnerOrTemplateOwner(
      credentials,
      record,
      `retry cluster ${name}`,
    );
    if (
      record.phase !== 'Failed' ||
      !(await this.deps.store.retryCluster(record.id))
    ) {
      throw new ConflictError(
        `Cluster ${name} is ${record.phase}, not Failed: there is nothing to retry.`,
      );
    }
    await this.deps.store.appendEvent({
      clusterId: record.id,
      phase: record.failedPhase ?? 'Pending',
      level: 'info',
      decision: true,
      message: `Retry requested by ${relation.user}; resuming in ${
        record.failedPhase ?? 'Pending'
      }, keeping what is already in place`,
    });
    this.deps.onNewWork();
    return this.reload(record.id);
  }

  /** Deletes a cluster: its Azure resources, then its catalog entity. `confirm` must repeat its name. */
  async delete(
    name: string,
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<Cluster> {
    const confirm = isObject(body) ? body.confirm : undefined;
    await this.access.require(
      clusterDeletePermission,
      credentials,
      'delete clusters',
    );
    const record = await this.load(name);
    const relation = await this.requireOwnerOrTemplateOwner(
      credentials,
      record,
      `delete cluster ${name}`,
    );
    if (confirm !== name) {
      throw new InputError(
        `confirm must repeat the cluster's name. Fix: send { "confirm": "${name}" } to delete ${name} and everything in it.`,
      );
    }
    if (
      !(await this.deps.store.requestDeletion(record.id, {
        cause: 'user',
        by: relation.user,
      }))
    ) {
      throw new ConflictError(`Cluster ${name} is already being deleted.`);
    }
    await this.deps.store.appendEvent({
      clusterId: record.id,
      phase: record.phase,
      level: 'warning',
      decision: true,
      message: `Deletion requested by ${relation.user}: the cluster, its resource group ${record.azure.resourceGroup} and everything in it will be deleted`,
    });
    this.deps.onNewWork();
    return this.reload(record.id);
  }
}

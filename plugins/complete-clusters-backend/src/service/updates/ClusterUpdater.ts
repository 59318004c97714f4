import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { ClusterTemplateEntity } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from '../../database/types';
import type {
  ClusterEventStore,
  ClusterRequestStore,
} from '../../database/stores';
import { withoutOwnerMembers } from '../../plan/subjects';
import { principalsFromCatalog } from '../principalsFromCatalog';
import { checkPlatformSupports } from '../platformSupport';
import type { ServiceDeps } from '../serviceDeps';
import { currentTemplate } from './currentTemplate';
import { templateUpdate } from './templateUpdate';

/** What bringing a cluster to a new template version works with. */
export type ClusterUpdaterDeps = Pick<
  ServiceDeps,
  'catalog' | 'auth' | 'platform' | 'principalOverrides' | 'onNewWork'
> & {
  store: Pick<ClusterRequestStore, 'setPrincipals' | 'startChange'> &
    Pick<ClusterEventStore, 'appendEvent'>;
};

/**
 * Brings a resting cluster to its template's current version, for an
 * owner's update over HTTP and for rollouts alike. Checks no caller's
 * permissions: who may ask is for the caller to settle first.
 */
export class ClusterUpdater {
  constructor(private readonly deps: ClusterUpdaterDeps) {}

  /**
   * The current, valid ClusterTemplate of a cluster, read from the catalog
   * with the given credentials.
   */
  async templateOf(
    record: ClusterRecord,
    credentials: BackstageCredentials,
  ): Promise<ClusterTemplateEntity> {
    const template = currentTemplate(
      await this.deps.catalog.getEntityByRef(record.templateRef, {
        credentials,
      }),
    );
    if (template === 'missing') {
      throw new NotFoundError(
        `The template ${record.templateRef} of cluster ${record.name} is no longer in the catalog.`,
      );
    }
    if (template === 'invalid') {
      throw new ConflictError(
        `The template ${record.templateRef} is not valid at the moment; its owner must fix it before clusters can be updated.`,
      );
    }
    return template;
  }

  /**
   * Starts bringing a resting cluster to `template`'s version, recording
   * that `by` started it (and the rollout, if one did). Returns why it could
   * not, if not.
   */
  async start(
    record: ClusterRecord,
    template: ClusterTemplateEntity,
    by: string,
    rolloutId?: string,
  ): Promise<string | undefined> {
    const pending = templateUpdate(record, template);
    if (!pending)
      return `Cluster ${record.name} is already at version ${record.templateVersion}.`;
    if (!pending.spec) return pending.update.blockedBy;
    let principals;
    try {
      checkPlatformSupports(
        record.templateRef,
        pending.spec,
        this.deps.platform,
      );
      // New role bindings may name new users or groups: they need their Entra ids too.
      // Members of the owning group as the catalog says now, not as it said before.
      principals = {
        ...withoutOwnerMembers(record.principals),
        ...(await principalsFromCatalog(
          this.deps,
          pending.spec,
          record.requestedBy,
          record.ownerRef,
        )),
      };
    } catch (e) {
      if (e instanceof InputError) return e.message;
      throw e;
    }
    const changes =
      pending.update.changes.map(c => c.field).join(', ') ||
      'no visible changes';
    // Saved before the change starts, so that no replica (nor a restart) plans the new version
    // without the principals it grants to. A superset of the old ones: harmless if the change never starts.
    await this.deps.store.setPrincipals(record.id, principals);
    const started = await this.deps.store.startChange(
      record.id,
      {
        activity: 'update',
        phase: 'ManagedCluster',
        spec: pending.spec,
        templateVersion: pending.update.toVersion,
        rolloutId: rolloutId ?? null,
        statusMessage: `Updating from version ${pending.update.fromVersion} to ${pending.update.toVersion}: ${changes}`,
      },
      ['Ready', 'Failed'],
    );
    if (!started)
      return `Cluster ${record.name} is busy (${record.phase}); update it once it is Ready.`;
    await this.deps.store.appendEvent({
      clusterId: record.id,
      phase: 'ManagedCluster',
      level: 'info',
      decision: true,
      message: `Update from version ${pending.update.fromVersion} to ${
        pending.update.toVersion
      } started by ${by}${rolloutId ? ' (rollout)' : ''}: ${changes}`,
    });
    this.deps.onNewWork();
    return undefined;
  }
}

import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { RolloutRecord } from '../../database/types';
import type { ClusterRequestStore, RolloutStore } from '../../database/stores';
import type { ClusterUpdater } from '../updates/ClusterUpdater';

/** The templates of a rollout in words, for logs. */
function describeTemplates(rollout: RolloutRecord): string {
  return rollout.templates
    .map(t => `${t.templateRef} ${t.toVersion}`)
    .join(', ');
}

/** What the rollout runner works with. */
export interface RolloutRunnerDeps {
  store: Pick<RolloutStore, 'listRollouts' | 'updateRollout'> &
    Pick<ClusterRequestStore, 'getClusterById'>;
  updater: Pick<ClusterUpdater, 'templateOf' | 'start'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  logger: LoggerService;
}

/**
 * Moves each running rollout on by what its clusters did: starts the next
 * cluster's update once the one before is Ready at its new version, and stops
 * the rollout at the first cluster that fails. The clusters are in stage
 * order across all the rollout's templates (development, testing,
 * production), one at a time, so a stage starts only once every cluster of
 * the stage before is updated. Persisted in the database, so a restart (or
 * another replica) carries on where it was.
 *
 * Runs as the plugin itself: it reads the templates with the plugin's own
 * credentials, and checks no permission of its own, as who may roll out was
 * settled when the rollout was asked for.
 */
export class RolloutRunner {
  constructor(private readonly deps: RolloutRunnerDeps) {}

  async step(): Promise<void> {
    for (const rollout of await this.deps.store.listRollouts({
      state: 'Running',
    })) {
      try {
        await this.advance(rollout);
      } catch (e) {
        this.deps.logger.warn(
          `Rollout ${rollout.id} of ${describeTemplates(rollout)}: ${
            (e as Error).message
          }`,
        );
      }
    }
  }

  private async stop(rollout: RolloutRecord, message: string) {
    await this.deps.store.updateRollout(rollout.id, {
      state: 'Stopped',
      clusters: rollout.clusters,
      position: rollout.position,
      message,
    });
    this.deps.logger.warn(
      `Rollout ${rollout.id} of ${describeTemplates(
        rollout,
      )} stopped: ${message}`,
    );
  }

  private async advance(rollout: RolloutRecord): Promise<void> {
    const { store } = this.deps;
    const clusters = rollout.clusters.map(c => ({ ...c }));
    let position = rollout.position;
    const save = (message?: string) =>
      store.updateRollout(rollout.id, {
        clusters,
        position,
        ...(message ? { message } : {}),
      });
    while (position < clusters.length) {
      const entry = clusters[position];
      const cluster = await store.getClusterById(entry.clusterId);
      if (
        !cluster ||
        ['Deleted', 'Deleting', 'Rejected'].includes(cluster.phase) ||
        cluster.deletion
      ) {
        entry.state = 'Skipped';
        position++;
        continue;
      }
      if (entry.state === 'Waiting' && cluster.rolloutId === rollout.id) {
        // This rollout started the cluster's update, then stopped before saving so (a crash, a restart).
        entry.state = 'Updating';
      }
      if (entry.state === 'Waiting') {
        if (
          cluster.templateVersion === entry.toVersion &&
          cluster.phase === 'Ready'
        ) {
          entry.state = 'Updated';
          position++;
          continue;
        }
        if (cluster.phase !== 'Ready' && cluster.phase !== 'Failed')
          return save(); // busy with something else: wait
        const credentials = await this.deps.auth.getOwnServiceCredentials();
        const template = await this.deps.updater.templateOf(
          cluster,
          credentials,
        );
        if (template.spec.version !== entry.toVersion) {
          return this.stop(
            { ...rollout, clusters, position },
            `${entry.templateRef} moved on to version ${template.spec.version} (this rollout brings ${entry.toVersion}); start a new rollout for it.`,
          );
        }
        const refused = await this.deps.updater.start(
          cluster,
          template,
          rollout.requestedBy,
          rollout.id,
        );
        if (refused) {
          entry.state = 'Failed';
          return this.stop(
            { ...rollout, clusters, position },
            `Stopped at ${cluster.name} (${entry.environment}): ${refused}`,
          );
        }
        entry.state = 'Updating';
        return save(
          `Updating ${cluster.name} (${entry.environment}), ${
            position + 1
          } of ${clusters.length}`,
        );
      }
      if (entry.state === 'Updating') {
        if (
          cluster.phase === 'Ready' &&
          cluster.templateVersion === entry.toVersion
        ) {
          entry.state = 'Updated';
          position++;
          continue;
        }
        if (cluster.phase === 'Failed') {
          entry.state = 'Failed';
          const left = clusters.length - position - 1;
          return this.stop(
            { ...rollout, clusters, position },
            `Stopped at ${cluster.name} (${
              entry.environment
            }), which failed: ${(
              cluster.statusMessage ?? 'no reason given'
            ).replace(/\.$/, '')}. ${left} cluster${
              left === 1 ? ' was' : 's were'
            } not updated.`,
          );
        }
        return save(); // still updating
      }
      position++;
    }
    const updated = clusters.filter(c => c.state === 'Updated').length;
    return store.updateRollout(rollout.id, {
      state: 'Succeeded',
      clusters,
      position,
      message: `${updated} cluster${updated === 1 ? '' : 's'} at ${
        rollout.templates.length === 1
          ? `version ${rollout.toVersion}`
          : `their new versions (${describeTemplates(rollout)})`
      }${
        clusters.length > updated
          ? `; ${clusters.length - updated} skipped`
          : ''
      }`,
    });
  }
}

import {
  resolvePackagePath,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { DatabaseClusterChecks } from './DatabaseClusterChecks';
import { DatabaseClusterComponents } from './DatabaseClusterComponents';
import { DatabaseClusterEvents } from './DatabaseClusterEvents';
import { DatabaseClusterRequests } from './DatabaseClusterRequests';
import { DatabaseRollouts } from './DatabaseRollouts';
import { DatabaseWorkQueue } from './DatabaseWorkQueue';
import type { ClusterStore } from './types';

export { nameTakenError } from './DatabaseClusterRequests';

const migrationsDir = resolvePackagePath(
  '@complete-clusters/plugin-complete-clusters-backend',
  'migrations',
);

/**
 * Every store on one database (SQLite or PostgreSQL), for the wiring and the
 * benchmarks: each method is its concern's own store's.
 */
export class DatabaseClusterStore implements ClusterStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseClusterStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseClusterStore(knex);
  }

  private readonly requests: DatabaseClusterRequests;
  private readonly components: DatabaseClusterComponents;
  private readonly events: DatabaseClusterEvents;
  private readonly rollouts: DatabaseRollouts;
  private readonly checks: DatabaseClusterChecks;
  private readonly queue: DatabaseWorkQueue;

  private constructor(db: Knex) {
    this.requests = new DatabaseClusterRequests(db);
    this.components = new DatabaseClusterComponents(db);
    this.events = new DatabaseClusterEvents(db);
    this.rollouts = new DatabaseRollouts(db);
    this.checks = new DatabaseClusterChecks(db);
    this.queue = new DatabaseWorkQueue(db);
  }

  // Cluster requests
  requestCluster: ClusterStore['requestCluster'] = (...a) =>
    this.requests.requestCluster(...a);
  getCluster: ClusterStore['getCluster'] = (...a) =>
    this.requests.getCluster(...a);
  getClusterById: ClusterStore['getClusterById'] = (...a) =>
    this.requests.getClusterById(...a);
  listClustersNamed: ClusterStore['listClustersNamed'] = (...a) =>
    this.requests.listClustersNamed(...a);
  listClusters: ClusterStore['listClusters'] = (...a) =>
    this.requests.listClusters(...a);
  listClusterPage: ClusterStore['listClusterPage'] = (...a) =>
    this.requests.listClusterPage(...a);
  updateCluster: ClusterStore['updateCluster'] = (...a) =>
    this.requests.updateCluster(...a);
  retryCluster: ClusterStore['retryCluster'] = (...a) =>
    this.requests.retryCluster(...a);
  decide: ClusterStore['decide'] = (...a) => this.requests.decide(...a);
  startChange: ClusterStore['startChange'] = (...a) =>
    this.requests.startChange(...a);
  rebuildCluster: ClusterStore['rebuildCluster'] = (...a) =>
    this.requests.rebuildCluster(...a);
  requestDeletion: ClusterStore['requestDeletion'] = (...a) =>
    this.requests.requestDeletion(...a);
  transferOwnership: ClusterStore['transferOwnership'] = (...a) =>
    this.requests.transferOwnership(...a);
  setPrincipals: ClusterStore['setPrincipals'] = (...a) =>
    this.requests.setPrincipals(...a);

  // Components
  listComponents: ClusterStore['listComponents'] = (...a) =>
    this.components.listComponents(...a);
  setComponent: ClusterStore['setComponent'] = (...a) =>
    this.components.setComponent(...a);
  removeComponent: ClusterStore['removeComponent'] = (...a) =>
    this.components.removeComponent(...a);
  clearComponents: ClusterStore['clearComponents'] = (...a) =>
    this.components.clearComponents(...a);

  // Events
  appendEvent: ClusterStore['appendEvent'] = (...a) =>
    this.events.appendEvent(...a);
  listEvents: ClusterStore['listEvents'] = (...a) =>
    this.events.listEvents(...a);
  listEventPage: ClusterStore['listEventPage'] = (...a) =>
    this.events.listEventPage(...a);
  pruneEvents: ClusterStore['pruneEvents'] = (...a) =>
    this.events.pruneEvents(...a);

  // Rollouts
  createRollout: ClusterStore['createRollout'] = (...a) =>
    this.rollouts.createRollout(...a);
  getRollout: ClusterStore['getRollout'] = (...a) =>
    this.rollouts.getRollout(...a);
  listRollouts: ClusterStore['listRollouts'] = (...a) =>
    this.rollouts.listRollouts(...a);
  updateRollout: ClusterStore['updateRollout'] = (...a) =>
    this.rollouts.updateRollout(...a);

  // Drift, GitOps and expiry checks
  setDrift: ClusterStore['setDrift'] = (...a) => this.checks.setDrift(...a);
  touchDriftChecks: ClusterStore['touchDriftChecks'] = (...a) =>
    this.checks.touchDriftChecks(...a);
  markGitOpsChecked: ClusterStore['markGitOpsChecked'] = (...a) =>
    this.checks.markGitOpsChecked(...a);
  setExpiryWarned: ClusterStore['setExpiryWarned'] = (...a) =>
    this.checks.setExpiryWarned(...a);

  // The engine's work queue
  claimWork: ClusterStore['claimWork'] = (...a) => this.queue.claimWork(...a);
  releaseLease: ClusterStore['releaseLease'] = (...a) =>
    this.queue.releaseLease(...a);
  leasedBy: ClusterStore['leasedBy'] = (...a) => this.queue.leasedBy(...a);
  listLeases: ClusterStore['listLeases'] = (...a) =>
    this.queue.listLeases(...a);
}

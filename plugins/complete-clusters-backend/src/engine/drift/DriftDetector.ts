import type { RoleAssignment } from '@azure/arm-authorization';
import type { ManagedCluster } from '@azure/arm-containerservice';
import type { PolicyAssignment } from '@azure/arm-policy';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { DriftItem } from '@complete-clusters/plugin-complete-clusters-common';
import type { PlatformSettings } from '../../config/readCompleteClustersConfig';
import type { ClusterRecord } from '../../database/types';
import type {
  ClusterCheckStore,
  ClusterComponentStore,
  ClusterEventStore,
  ClusterRequestStore,
} from '../../database/stores';
import type { AzureClients } from '../../azure/createAzureClients';
import {
  clusterTags,
  managedClusterBody,
} from '../../azure/managedClusterBody';
import { planComponents } from '../../plan/planComponents';
import type { PlannedComponent } from '../../plan/types';
import { compareAssignments, compareGitOps } from './compareComponents';
import { compareManagedCluster } from './compareManagedCluster';
import type { OwnerAccessSync } from './OwnerAccessSync';

const CLUSTER_RP = 'Microsoft.ContainerService';

/**
 * What one drift sync cycle did, for logs and the benchmark.
 *
 * @public
 */
export interface DriftCycleReport {
  /** Subscriptions whose clusters were compared. */
  subscriptions: number;
  /** Ready clusters compared with Azure. */
  clusters: number;
  /** Clusters found different from their template. */
  drifted: number;
  /** Repairs started, where the template says to repair. */
  repairsStarted: number;
  /** ARM requests the cycle sent: list pages plus targeted reads. */
  armReads: number;
  /** Clusters whose Flux extension and configurations were read this cycle. */
  deepChecked: number;
}

const lower = (id: string | undefined) => (id ?? '').toLowerCase();
const isGitOps = (c: PlannedComponent) =>
  c.kind === 'extension' || c.kind === 'fluxConfiguration';

/** Counts every page an ARM list returns (each page is one request). */
async function listAll<T extends { id?: string }>(
  pages: AsyncIterableIterator<T[]>,
  onPage: () => void,
): Promise<Map<string, T>> {
  const byId = new Map<string, T>();
  for await (const page of pages) {
    onPage();
    for (const item of page) byId.set(lower(item.id), item);
  }
  return byId;
}

function describe(items: DriftItem[]): string {
  return items
    .map(i => `${i.field}: template says ${i.expected}, Azure has ${i.actual}`)
    .join('; ');
}

/** What a drift check reads and records. */
export type DriftDetectorStore = Pick<
  ClusterRequestStore,
  'listClusters' | 'startChange'
> &
  Pick<ClusterComponentStore, 'setComponent'> &
  Pick<ClusterEventStore, 'appendEvent'> &
  Pick<
    ClusterCheckStore,
    'setDrift' | 'touchDriftChecks' | 'markGitOpsChecked'
  >;

/**
 * Compares every Ready cluster with Azure, subscription by subscription, at
 * Azure's pace: per cycle and subscription one paged list of managed
 * clusters, one of role assignments and one of policy assignments (never a
 * read per cluster for those), plus targeted reads of the Flux extension and
 * configurations for a bounded number of clusters, oldest-checked first (Azure
 * lists those per cluster only). Records drift per field, says in each
 * cluster's history when it appears or clears, and starts a repair where the
 * template says to repair.
 */
export class DriftDetector {
  constructor(
    private readonly deps: {
      store: DriftDetectorStore;
      clientsFor: (subscriptionId: string) => AzureClients;
      platform: PlatformSettings;
      logger: LoggerService;
      /** Clusters per subscription and cycle whose GitOps components are read (default 20). */
      deepChecksPerCycle?: number;
      /** Called when a repair was started, so the engine picks it up at once. */
      onRepair?: () => void;
      /** Keeps the grants that follow a cluster's ownership in step with the catalog. */
      ownerAccess?: Pick<OwnerAccessSync, 'follow'>;
    },
  ) {}

  async runCycle(): Promise<DriftCycleReport> {
    const ready = await this.deps.store.listClusters({ phases: ['Ready'] });
    const bySubscription = new Map<string, ClusterRecord[]>();
    for (const c of ready) {
      const group = bySubscription.get(c.azure.subscriptionId) ?? [];
      group.push(c);
      bySubscription.set(c.azure.subscriptionId, group);
    }
    const report: DriftCycleReport = {
      subscriptions: bySubscription.size,
      clusters: ready.length,
      drifted: 0,
      repairsStarted: 0,
      armReads: 0,
      deepChecked: 0,
    };
    for (const [subscriptionId, clusters] of bySubscription) {
      try {
        await this.syncSubscription(subscriptionId, clusters, report);
      } catch (e) {
        // One subscription Azure cannot list now does not stop the others; the next cycle tries again.
        this.deps.logger.warn(
          `Drift check of subscription ${subscriptionId} failed: ${
            (e as Error).message
          }`,
        );
      }
    }
    if (report.repairsStarted > 0) this.deps.onRepair?.();
    return report;
  }

  private async syncSubscription(
    subscriptionId: string,
    clusters: ClusterRecord[],
    report: DriftCycleReport,
  ) {
    const azure = this.deps.clientsFor(subscriptionId);
    const read = () => report.armReads++;
    const managedClusters = await listAll<ManagedCluster>(
      azure.containerService.managedClusters.list().byPage(),
      read,
    );
    const roleAssignments = await listAll<RoleAssignment>(
      azure.authorization.roleAssignments.listForSubscription().byPage(),
      read,
    );
    const policyAssignments = await listAll<PolicyAssignment>(
      azure.policy.policyAssignments.list().byPage(),
      read,
    );

    // The clusters whose GitOps components were read least recently (never first), as the database
    // records it: whichever replica runs this cycle goes on where the last one stopped.
    const deepCount = Math.min(
      this.deps.deepChecksPerCycle ?? 20,
      clusters.length,
    );
    const lastRead = (c: ClusterRecord) =>
      c.gitopsCheckedAt ? Date.parse(c.gitopsCheckedAt) : -Infinity;
    const ordered = [...clusters].sort(
      (a, b) => lastRead(a) - lastRead(b) || a.name.localeCompare(b.name),
    );
    const deep = new Set(ordered.slice(0, deepCount).map(c => c.id));

    const unchanged: string[] = [];
    const checkedAt = new Date().toISOString();
    for (const cluster of clusters) {
      // Its access changes first; the comparison with Azure waits for the next cycle.
      if (await this.deps.ownerAccess?.follow(cluster)) {
        report.repairsStarted++;
        continue;
      }
      let plan: PlannedComponent[];
      try {
        plan = planComponents(cluster, this.deps.platform);
      } catch {
        continue; // a record the engine cannot plan is reported by the engine itself
      }
      const expected = managedClusterBody(
        cluster.name,
        cluster.spec,
        clusterTags(cluster),
        this.deps.platform.addons,
      );
      const items = [
        ...compareManagedCluster(
          expected,
          managedClusters.get(lower(cluster.azure.resourceId)),
        ),
        ...compareAssignments(plan, { roleAssignments, policyAssignments }),
      ];
      const gitOpsKeys = new Set(plan.filter(isGitOps).map(c => c.key));
      if (
        deep.has(cluster.id) &&
        managedClusters.has(lower(cluster.azure.resourceId))
      ) {
        report.deepChecked++;
        const { resourceGroup } = cluster.azure;
        const configs = azure.kubernetesConfiguration;
        const extensions = [];
        for await (const page of configs.extensions
          .list(resourceGroup, CLUSTER_RP, 'managedClusters', cluster.name)
          .byPage()) {
          read();
          extensions.push(...page);
        }
        const fluxConfigs = [];
        for await (const page of configs.fluxConfigurations
          .list(resourceGroup, CLUSTER_RP, 'managedClusters', cluster.name)
          .byPage()) {
          read();
          fluxConfigs.push(...page);
        }
        items.push(...compareGitOps(plan, extensions, fluxConfigs));
      } else {
        // Not read this cycle: what the last targeted read found still stands.
        items.push(
          ...(cluster.drift?.items ?? []).filter(
            i => i.component && gitOpsKeys.has(i.component),
          ),
        );
      }
      if (items.length > 0) report.drifted++;
      const before = JSON.stringify(cluster.drift?.items ?? []);
      if (JSON.stringify(items) === before && cluster.drift) {
        unchanged.push(cluster.id);
        continue;
      }
      await this.deps.store.setDrift(cluster.id, { checkedAt, items });
      await this.recordChange(cluster, items, report);
    }
    await this.deps.store.touchDriftChecks(unchanged, checkedAt);
    await this.deps.store.markGitOpsChecked([...deep], checkedAt);
  }

  private async recordChange(
    cluster: ClusterRecord,
    items: DriftItem[],
    report: DriftCycleReport,
  ) {
    const { store, logger } = this.deps;
    const mode = cluster.spec.drift?.mode ?? 'report';
    if (items.length === 0) {
      if ((cluster.drift?.items.length ?? 0) > 0) {
        await store.appendEvent({
          clusterId: cluster.id,
          phase: 'Ready',
          level: 'info',
          message: 'Azure matches the template again: no drift',
        });
      }
      return;
    }
    const message = `Drift: ${describe(items)}`;
    await store.appendEvent({
      clusterId: cluster.id,
      phase: 'Ready',
      level: 'warning',
      message,
    });
    logger.info(`Cluster ${cluster.name}: ${message}`);
    if (mode !== 'repair') return;
    for (const item of items) {
      if (!item.component) continue;
      // Installed once, but no longer so in Azure: the component is applied again.
      await store.setComponent(cluster.id, item.component, {
        state: 'Pending',
        message: `Drifted (${item.actual}); repairing`,
        reapply: true,
      });
    }
    const infrastructure = items.some(i => i.layer === 'infrastructure');
    const started = await store.startChange(
      cluster.id,
      {
        activity: 'repair',
        phase: infrastructure ? 'ResourceGroup' : 'Policies',
        statusMessage: `Repairing drift, as template ${
          cluster.templateRef
        } says: ${describe(items)}`,
      },
      ['Ready'],
    );
    if (started) {
      report.repairsStarted++;
      await store.appendEvent({
        clusterId: cluster.id,
        phase: infrastructure ? 'ResourceGroup' : 'Policies',
        level: 'info',
        message: `Repairing drift: putting ${items
          .map(i => i.field)
          .join(', ')} back as the template says`,
      });
    }
  }
}

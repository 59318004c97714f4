import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  CLUSTER_TEMPLATE_KIND,
  clusterApprovePermission,
  clusterReadPermission,
  clusterRetryPermission,
  templateRolloutPermission,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  Fleet,
  FleetCluster,
  FleetTemplate,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { DatabaseFleetReader } from '../../database/DatabaseFleetReader';
import type { ClusterRecord } from '../../database/types';
import { Access, Identity, lowerRef } from '../access';
import type { ServiceDeps } from '../serviceDeps';
import { currentTemplate } from '../updates/currentTemplate';
import { parseFleetQuery } from './parseFleetQuery';
import { actionRules } from '../actionRules';

/** The most rows one CSV export carries. */
export const FLEET_CSV_LIMIT = 20_000;

/**
 * The platform team's fleet: every cluster of the templates owned by a group
 * the signed-in user belongs to, filtered, sorted and paged by the database,
 * with counts per phase and version, and what the user may do with each.
 */
export class FleetService {
  private readonly access: Access;

  constructor(
    private readonly deps: Pick<
      ServiceDeps,
      'catalog' | 'permissions' | 'userInfo' | 'auth' | 'cost'
    >,
    private readonly reader: DatabaseFleetReader,
  ) {
    this.access = new Access(deps);
  }

  /** The templates of the fleet: valid ClusterTemplates owned by the caller's groups (or the one named). */
  private async templates(
    identity: Identity,
    templateOwner: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<FleetTemplate[]> {
    if (templateOwner && !identity.refs.has(lowerRef(templateOwner))) {
      throw new NotAllowedError(
        `You are not a member of ${templateOwner}; the fleet view shows the clusters of your own teams' templates.`,
      );
    }
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind: CLUSTER_TEMPLATE_KIND } },
      { credentials },
    );
    const owned = items.flatMap(entity => {
      const template = currentTemplate(entity);
      if (typeof template !== 'object') return [];
      const owner = lowerRef(template.spec.owner);
      if (
        templateOwner
          ? owner !== lowerRef(templateOwner)
          : !identity.refs.has(owner)
      )
        return [];
      return [
        {
          templateRef: stringifyEntityRef(template),
          title: template.metadata.title ?? template.metadata.name,
          currentVersion: template.spec.version,
          owner: template.spec.owner,
        },
      ];
    });
    // Members of the owning group roll out (the ownership rule holds here by construction); the policy has the last word.
    return Promise.all(
      owned.map(async t => ({
        ...t,
        mayRollOut: await this.access.allowed(
          templateRolloutPermission,
          credentials,
          t.templateRef,
        ),
      })),
    );
  }

  /**
   * Each cluster's monthly cost, estimated once per distinct infrastructure
   * (a fleet is mostly a few shapes repeated), none without a price book.
   */
  private async monthlyCosts(
    clusters: ClusterRecord[],
  ): Promise<Map<string, NonNullable<FleetCluster['monthlyCost']>>> {
    const costs = new Map<string, NonNullable<FleetCluster['monthlyCost']>>();
    const cost = this.deps.cost;
    if (!cost) return costs;
    const byShape = new Map<
      string,
      Promise<NonNullable<FleetCluster['monthlyCost']> | undefined>
    >();
    await Promise.all(
      clusters.map(async cluster => {
        const shape = JSON.stringify(cluster.spec.infrastructure);
        if (!byShape.has(shape))
          byShape.set(
            shape,
            cost.estimate(cluster.spec).then(
              e => ({
                currency: e.currency,
                minimum: e.minimumMonthly,
                worstCase: e.worstCaseMonthly,
              }),
              () => undefined,
            ),
          );
        const monthly = await byShape.get(shape);
        if (monthly) costs.set(cluster.id, monthly);
      }),
    );
    return costs;
  }

  async list(
    rawQuery: Record<string, unknown>,
    credentials: BackstageCredentials,
    options: { csv?: boolean } = {},
  ): Promise<Fleet> {
    const user = this.access.user(credentials, 'see a fleet');
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see clusters',
    );
    const query = parseFleetQuery(rawQuery);
    const identity = await this.access.identity(user);
    const templates = await this.templates(
      identity,
      query.templateOwner,
      credentials,
    );
    if (
      query.templateRef &&
      !templates.some(t => t.templateRef === query.templateRef)
    ) {
      throw new InputError(
        `templateRef ${
          query.templateRef
        } is not one of your teams' templates (${
          templates.map(t => t.templateRef).join(', ') || 'none'
        }).`,
      );
    }
    const [{ items, totalCount }, counts, mayApprove, mayRetry] =
      await Promise.all([
        this.reader.page({
          ...query,
          templates,
          ...(options.csv ? { limit: FLEET_CSV_LIMIT, offset: 0 } : {}),
        }),
        this.reader.counts(templates.map(t => t.templateRef)),
        this.access.allowed(clusterApprovePermission, credentials),
        this.access.allowed(clusterRetryPermission, credentials),
      ]);
    const current = new Map(
      templates.map(t => [t.templateRef, t.currentVersion]),
    );
    const costs = await this.monthlyCosts(items);
    const toFleetCluster = (cluster: ClusterRecord): FleetCluster => {
      const relation = this.access.relationOf(identity, cluster);
      const newer = current.get(cluster.templateRef);
      return {
        id: cluster.id,
        name: cluster.name,
        templateRef: cluster.templateRef,
        templateVersion: cluster.templateVersion,
        environment: cluster.spec.environment,
        ownerRef: cluster.ownerRef,
        phase: cluster.phase,
        ...(cluster.statusMessage
          ? { statusMessage: cluster.statusMessage }
          : {}),
        driftCount: cluster.drift?.items.length ?? 0,
        ...(newer && newer !== cluster.templateVersion
          ? { updateAvailable: newer }
          : {}),
        updatedAt: cluster.updatedAt,
        ...(costs.has(cluster.id)
          ? { monthlyCost: costs.get(cluster.id) }
          : {}),
        actions: {
          approve: mayApprove && actionRules.approve(relation, cluster),
          retry: mayRetry && actionRules.retry(relation, cluster),
        },
      };
    };
    return { templates, totalCount, items: items.map(toFleetCluster), counts };
  }
}

/** A fleet as CSV, one line per cluster, for a spreadsheet. */
export function fleetCsv(fleet: Fleet): string {
  const columns: Array<[string, (c: FleetCluster) => string | number]> = [
    ['name', c => c.name],
    ['template', c => c.templateRef],
    ['version', c => c.templateVersion],
    ['update available', c => c.updateAvailable ?? ''],
    ['environment', c => c.environment],
    ['owner', c => c.ownerRef],
    ['phase', c => c.phase],
    ['drifted fields', c => c.driftCount],
    ['status', c => c.statusMessage ?? ''],
    ['updated', c => c.updatedAt],
    ['monthly cost, minimum', c => c.monthlyCost?.minimum ?? ''],
    ['monthly cost, worst case', c => c.monthlyCost?.worstCase ?? ''],
    ['currency', c => c.monthlyCost?.currency ?? ''],
  ];
  const field = (value: string | number) => {
    const text = String(value);
    // Quoted when it must be; a leading =, +, -, @, tab or carriage return is neutralised (OWASP's
    // list) so no spreadsheet runs it as a formula.
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const lines = [
    columns.map(([name]) => field(name)).join(','),
    ...fleet.items.map(c => columns.map(([, get]) => field(get(c))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

import type { Knex } from 'knex';
import type {
  ClusterPhase,
  FleetSortKey,
} from '@complete-clusters/plugin-complete-clusters-common';
import { ClusterRow, toRecord } from './clusterRows';
import type { ClusterRecord } from './types';

/**
 * One page of a fleet query: every filter given must hold.
 *
 * @public
 */
export interface FleetPageQuery {
  /** The templates of the fleet, with the version each is at in the catalog now. */
  templates: Array<{ templateRef: string; currentVersion: string }>;
  /** Only the clusters of this template. */
  templateRef?: string;
  /** Only the clusters at this template version. */
  templateVersion?: string;
  /** Only the clusters in this phase. */
  phase?: ClusterPhase;
  /** Only the clusters of this environment. */
  environment?: string;
  /** Only the clusters with (true) or without (false) recorded drift. */
  drift?: boolean;
  /** Only the clusters behind (true) or at (false) their template's current version. */
  updateAvailable?: boolean;
  /** Only the clusters whose name holds this text. */
  search?: string;
  /** The column sorted by. */
  sort: FleetSortKey;
  /** Ascending or descending. */
  order: 'asc' | 'desc';
  /** Clusters on the page. */
  limit: number;
  /** Clusters skipped before the page. */
  offset: number;
}

const SORT_COLUMNS: Record<FleetSortKey, string> = {
  name: 'name',
  templateVersion: 'template_version',
  environment: 'environment',
  ownerRef: 'owner_ref',
  phase: 'phase',
  updatedAt: 'updated_at',
};

/** A drift column that records at least one drifted field. */
const DRIFTED = "drift is not null and drift <> '[]'";

/**
 * The platform team's view of the clusters store: filtered, sorted, paged and
 * counted in the database, so the fleet view costs the same at 10 clusters
 * and at 10,000. Read-only; deleted clusters are never part of a fleet.
 *
 * @public
 */
export class DatabaseFleetReader {
  /** Reads the clusters store in `knex`, as `DatabaseClusterStore` migrated it. */
  static create(knex: Knex): DatabaseFleetReader {
    return new DatabaseFleetReader(knex);
  }

  private constructor(private readonly db: Knex) {}

  private fleet(templateRefs: string[]) {
    return this.db<ClusterRow>('cluster_requests')
      .whereIn('template_ref', templateRefs)
      .whereNot('phase', 'Deleted');
  }

  /** One page of the fleet, with the number of clusters every filter matches. */
  async page(
    query: FleetPageQuery,
  ): Promise<{ items: ClusterRecord[]; totalCount: number }> {
    const templateRefs = query.templates.map(t => t.templateRef);
    if (templateRefs.length === 0) return { items: [], totalCount: 0 };
    const filtered = this.fleet(templateRefs);
    if (query.templateRef) filtered.where('template_ref', query.templateRef);
    if (query.templateVersion)
      filtered.where('template_version', query.templateVersion);
    if (query.phase) filtered.where('phase', query.phase);
    if (query.environment) filtered.where('environment', query.environment);
    if (query.drift !== undefined)
      filtered.whereRaw(query.drift ? `(${DRIFTED})` : `not (${DRIFTED})`);
    // Part of the name, taken literally (% and _ are not wildcards here), alike on SQLite and PostgreSQL.
    if (query.search)
      filtered.whereRaw("name like ? escape '\\'", [
        `%${query.search.replace(/[\\%_]/g, c => `\\${c}`)}%`,
      ]);
    if (query.updateAvailable !== undefined) {
      const behind = (q: Knex.QueryBuilder) => {
        for (const t of query.templates)
          q.orWhere(w =>
            w
              .where('template_ref', t.templateRef)
              .whereNot('template_version', t.currentVersion),
          );
      };
      if (query.updateAvailable) filtered.where(behind);
      else filtered.whereNot(behind);
    }
    const [{ count }] = await filtered.clone().count({ count: '*' });
    const rows = await filtered
      .orderBy(SORT_COLUMNS[query.sort], query.order)
      .orderBy('name', 'asc')
      .orderBy('id', 'asc')
      .limit(query.limit)
      .offset(query.offset);
    return { items: rows.map(toRecord), totalCount: Number(count) };
  }

  /** Clusters per phase and per template version, over every cluster of the templates. */
  async counts(templateRefs: string[]) {
    if (templateRefs.length === 0) return { byPhase: {}, byVersion: [] };
    const phases = await this.fleet(templateRefs)
      .select('phase')
      .count({ count: '*' })
      .groupBy('phase');
    const versions = await this.fleet(templateRefs)
      .select('template_ref', 'template_version')
      .count({ count: '*' })
      .groupBy('template_ref', 'template_version')
      .orderBy('template_ref')
      .orderBy('template_version');
    return {
      byPhase: Object.fromEntries(
        phases.map(row => [row.phase, Number(row.count)]),
      ) as Partial<Record<ClusterPhase, number>>,
      byVersion: versions.map(row => ({
        templateRef: row.template_ref,
        templateVersion: row.template_version,
        count: Number(row.count),
      })),
    };
  }
}

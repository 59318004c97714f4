import type { Knex } from 'knex';
import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import { iso } from './clusterRows';

/** One version of a template as first seen. */
export interface TemplateVersionRecord {
  templateRef: string;
  version: string;
  spec: ClusterTemplateSpec;
  recordedAt: string;
}

/**
 * The versions of each ClusterTemplate the portal has seen. A version is
 * recorded once, when first seen; nothing is ever changed or removed.
 */
export class DatabaseTemplateHistory {
  static create(knex: Knex): DatabaseTemplateHistory {
    return new DatabaseTemplateHistory(knex);
  }

  private constructor(private readonly db: Knex) {}

  /** Records a version unless it is known already; true when it was new. */
  async record(
    templateRef: string,
    spec: ClusterTemplateSpec,
  ): Promise<boolean> {
    const inserted = await this.db('template_versions')
      .insert({
        template_ref: templateRef,
        version: spec.version,
        spec: JSON.stringify(spec),
      })
      .onConflict(['template_ref', 'version'])
      .ignore()
      .returning('version');
    return inserted.length > 0;
  }

  /** A template's versions, oldest first. */
  async list(templateRef: string): Promise<TemplateVersionRecord[]> {
    const rows = await this.db('template_versions')
      .where({ template_ref: templateRef })
      .orderBy('recorded_at', 'asc')
      .orderBy('version', 'asc');
    return rows.map(row => ({
      templateRef: row.template_ref,
      version: row.version,
      spec: JSON.parse(row.spec),
      recordedAt: iso(row.recorded_at),
    }));
  }
}

import { randomUUID } from 'crypto';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import { RolloutRow, RolloutTemplateRow, toRollout } from './clusterRows';
import type { RolloutStore } from './stores';
import type { NewRollout, RolloutRecord } from './types';

/** The knex implementation of {@link RolloutStore}, on SQLite or PostgreSQL. */
export class DatabaseRollouts implements RolloutStore {
  constructor(private readonly db: Knex) {}

  async createRollout(rollout: NewRollout): Promise<RolloutRecord> {
    const id = randomUUID();
    const [first] = rollout.templates;
    if (!first) throw new Error('A rollout needs at least one template');
    const refs = rollout.templates.map(t => t.templateRef);
    const running = rollout.state === 'Running';
    const taken = () =>
      this.db<RolloutTemplateRow>('cluster_rollout_templates')
        .whereIn('running_ref', refs)
        .first('template_ref');
    const refuse = (ref: string) =>
      new ConflictError(
        `A rollout of ${ref} is already running; wait for it to finish or stop.`,
      );
    try {
      // The rollout and the claim on each of its templates: both or neither.
      await this.db.transaction(async trx => {
        await trx('cluster_rollouts').insert({
          id,
          template_ref: first.templateRef,
          to_version: first.toVersion,
          requested_by: rollout.requestedBy,
          state: rollout.state,
          clusters: JSON.stringify(rollout.clusters),
          position: 0,
          message: rollout.message ?? null,
        });
        await trx('cluster_rollout_templates').insert(
          rollout.templates.map((t, position) => ({
            rollout_id: id,
            template_ref: t.templateRef,
            to_version: t.toVersion,
            position,
            running_ref: running ? t.templateRef : null,
          })),
        );
      });
    } catch (e) {
      // The unique claim refused it: another running rollout (perhaps another replica's) has a template.
      const held = running ? await taken() : undefined;
      if (held) throw refuse(held.template_ref);
      throw e;
    }
    return (await this.getRollout(id))!;
  }

  private async withTemplates(rows: RolloutRow[]): Promise<RolloutRecord[]> {
    if (rows.length === 0) return [];
    const templates = await this.db<RolloutTemplateRow>(
      'cluster_rollout_templates',
    ).whereIn(
      'rollout_id',
      rows.map(r => r.id),
    );
    return rows.map(r =>
      toRollout(
        r,
        templates.filter(t => t.rollout_id === r.id),
      ),
    );
  }

  async getRollout(id: string) {
    const row = await this.db<RolloutRow>('cluster_rollouts')
      .where({ id })
      .first();
    return row ? (await this.withTemplates([row]))[0] : undefined;
  }

  async listRollouts(
    filter: { templateRef?: string; state?: RolloutRecord['state'] } = {},
  ) {
    let query = this.db<RolloutRow>('cluster_rollouts')
      .orderBy('created_at', 'desc')
      .orderBy('id');
    if (filter.templateRef)
      query = query.whereIn(
        'id',
        this.db('cluster_rollout_templates')
          .where('template_ref', filter.templateRef)
          .select('rollout_id'),
      );
    if (filter.state) query = query.where('state', filter.state);
    return this.withTemplates(await query);
  }

  async updateRollout(
    id: string,
    patch: Partial<
      Pick<RolloutRecord, 'state' | 'clusters' | 'position' | 'message'>
    >,
  ) {
    const row: Record<string, unknown> = { updated_at: this.db.fn.now() };
    if (patch.state) row.state = patch.state;
    if (patch.clusters) row.clusters = JSON.stringify(patch.clusters);
    if (patch.position !== undefined) row.position = patch.position;
    if ('message' in patch) row.message = patch.message ?? null;
    await this.db.transaction(async trx => {
      await trx('cluster_rollouts').where({ id }).update(row);
      // A rollout that ends lets go of its templates.
      if (patch.state && patch.state !== 'Running')
        await trx('cluster_rollout_templates')
          .where({ rollout_id: id })
          .update({ running_ref: null });
    });
  }
}

import type { Knex } from 'knex';
import type { BucketLimit, PacingBucket } from './pacingBuckets';

interface PacingRow {
  subscription_id: string;
  bucket: string;
  tokens: number;
  refilled_at: number | string;
}

/**
 * What the pacer leaves unspent of a bucket: a tenth, at least one token. A
 * request reaches Azure some milliseconds after it took its token, and not
 * always in the order the tokens were taken; Azure's bucket would be empty
 * for the one that overtook another, were ours spent to the last token.
 */
export function reserveOf(capacity: number): number {
  return Math.min(Math.max(1, Math.ceil(capacity / 10)), capacity - 1);
}

/**
 * Token buckets per subscription, kept in the database so that every
 * replica spends from the same ones. A request takes one token from each of
 * its buckets at once, or none and learns how long until it could.
 */
export class SubscriptionPacer {
  constructor(
    private readonly db: Knex,
    private readonly limits: Record<PacingBucket, BucketLimit>,
    private readonly now: () => number = Date.now,
  ) {}

  private usable(bucket: PacingBucket): number {
    const { capacity } = this.limits[bucket];
    return capacity - reserveOf(capacity);
  }

  /**
   * Takes a token from each bucket, all or none: 0 when taken, otherwise
   * the milliseconds until every bucket has one again.
   */
  async take(subscriptionId: string, buckets: PacingBucket[]): Promise<number> {
    return this.db.transaction(async trx => {
      const now = this.now();
      await trx('azure_pacing')
        .insert(
          buckets.map(bucket => ({
            subscription_id: subscriptionId,
            bucket,
            tokens: this.usable(bucket),
            refilled_at: now,
          })),
        )
        .onConflict(['subscription_id', 'bucket'])
        .ignore();
      let query = trx<PacingRow>('azure_pacing')
        .where({ subscription_id: subscriptionId })
        .whereIn('bucket', buckets);
      // PostgreSQL: the rows stay locked until this transaction ends (SQLite writes one at a time anyway).
      if (!String(this.db.client.config.client).includes('sqlite'))
        query = query.forUpdate();
      const rows = await query;
      let waitMs = 0;
      const refilled = rows.map(row => {
        const limit = this.limits[row.bucket as PacingBucket];
        const elapsed = Math.max(0, now - Number(row.refilled_at)) / 1000;
        const tokens = Math.min(
          this.usable(row.bucket as PacingBucket),
          Number(row.tokens) + elapsed * limit.refillPerSecond,
        );
        if (tokens < 1)
          waitMs = Math.max(
            waitMs,
            Math.ceil(((1 - tokens) / limit.refillPerSecond) * 1000),
          );
        return { bucket: row.bucket, tokens };
      });
      if (waitMs > 0) return waitMs;
      for (const { bucket, tokens } of refilled)
        await trx('azure_pacing')
          .where({ subscription_id: subscriptionId, bucket })
          .update({ tokens: tokens - 1, refilled_at: now });
      return 0;
    });
  }
}

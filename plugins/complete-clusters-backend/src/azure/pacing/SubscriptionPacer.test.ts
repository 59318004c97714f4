import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseClusterStore } from '../../database/DatabaseClusterStore';
import { PUBLISHED_LIMITS } from './pacingBuckets';
import { reserveOf, SubscriptionPacer } from './SubscriptionPacer';

jest.setTimeout(60_000);

const SUB = '00000000-0000-0000-0000-0000000000c1';
const OTHER = '00000000-0000-0000-0000-0000000000c2';

describe('SubscriptionPacer', () => {
  it('keeps a tenth of a bucket in reserve, at least one token, and lets a bucket of one spend it', () => {
    expect(reserveOf(250)).toBe(25);
    expect(reserveOf(5)).toBe(1);
    expect(reserveOf(1)).toBe(0);
  });

  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function pacers(
    databaseId: Parameters<typeof databases.init>[0],
    now: () => number,
  ) {
    const knex = await databases.init(databaseId);
    await DatabaseClusterStore.create({
      database: mockServices.database({ knex }),
    });
    const limits = {
      ...PUBLISHED_LIMITS,
      // 4 tokens, one kept in reserve: 3 to spend.
      aksOperationStatus: { capacity: 4, refillPerSecond: 2 },
    };
    // Two replicas: two pacers on one database.
    return [
      new SubscriptionPacer(knex, limits, now),
      new SubscriptionPacer(knex, limits, now),
    ];
  }

  it.each(databases.eachSupportedId())(
    'on %s, two replicas spend one bucket: the capacity less its reserve, then the refill rate, never more',
    async id => {
      let clock = 1_000_000;
      const [a, b] = await pacers(id, () => clock);
      const poll = ['reads', 'aksOperationStatus'] as const;
      expect(await a.take(SUB, [...poll])).toBe(0);
      expect(await b.take(SUB, [...poll])).toBe(0);
      expect(await a.take(SUB, [...poll])).toBe(0);
      // The fourth waits for the refill: half a second at 2 a second.
      expect(await b.take(SUB, [...poll])).toBe(500);
      // Nothing was spent by the refusal: reads still has its 247 tokens, so a plain read goes.
      expect(await a.take(SUB, ['reads'])).toBe(0);
      clock += 500;
      expect(await a.take(SUB, [...poll])).toBe(0);
      expect(await b.take(SUB, [...poll])).toBe(500);
      // Another subscription has buckets of its own.
      expect(await b.take(OTHER, [...poll])).toBe(0);
      // A long pause refills to the capacity less its reserve, not beyond.
      clock += 60_000;
      for (let i = 0; i < 3; i++) expect(await a.take(SUB, [...poll])).toBe(0);
      expect(await a.take(SUB, [...poll])).toBeGreaterThan(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'on %s, replicas taking at once take no token twice',
    async id => {
      const clock = 2_000_000;
      const [a, b] = await pacers(id, () => clock);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? a : b).take(SUB, ['reads', 'aksOperationStatus']),
        ),
      );
      expect(results.filter(r => r === 0)).toHaveLength(3);
    },
  );
});

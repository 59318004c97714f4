import request from 'supertest';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import type { Knex } from 'knex';
import { DatabaseClusterStore } from './database/DatabaseClusterStore';
import {
  emulatorSettings,
  startTrustedEmulator,
} from './__testUtils__/emulator';
import { exampleRequest } from './__testUtils__/exampleTemplates';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';

/** A cursor of the store's own shape, with the given creation time. */
const cursorOf = (createdAt: string) =>
  Buffer.from(JSON.stringify([createdAt, 'c-01', 'x'])).toString('base64url');

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

/**
 * name, owner, template, created (c-04 and c-05 differ by a microsecond,
 * which PostgreSQL keeps and SQLite's whole seconds make a tie; c-02 and
 * c-03 tie everywhere), phase, last changed.
 */
const CLUSTERS = [
  ['c-01', ALICE, 'developer', '2026-01-05T00:00:00.000000Z', 'Ready', 'Feb'],
  [
    'c-02',
    ALICE,
    'developer',
    '2026-01-04T00:00:00.000000Z',
    'AwaitingApproval',
    'Feb',
  ],
  ['c-03', BOB, 'testing', '2026-01-04T00:00:00.000000Z', 'Ready', 'Feb'],
  ['c-04', BOB, 'developer', '2026-01-03T00:00:00.000002Z', 'Ready', 'Feb'],
  ['c-05', ALICE, 'testing', '2026-01-03T00:00:00.000001Z', 'Failed', 'Feb'],
  ['c-06', ALICE, 'developer', '2026-01-02T00:00:00.000000Z', 'Deleted', 'Mar'],
  ['c-07', BOB, 'developer', '2026-01-01T00:00:00.000000Z', 'Ready', 'Mar'],
] as const;

describe.each(databases.eachSupportedId())(
  'GET /clusters on %s: paged and filtered in the database',
  databaseId => {
    let emulator: Emulator;
    let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
    const get = (path: string, who = ALICE) =>
      request(portal.backend.server)
        .get(`/api/complete-clusters${path}`)
        .set('Authorization', portal.asUser(who));
    const names = async (path: string, who = ALICE) => {
      const res = await get(path, who);
      expect(res.status).toBe(200);
      return res.body.items.map((c: { name: string }) => c.name);
    };
    /** Every page, following nextCursor. */
    const allPages = async (path: string) => {
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const res = await get(
          cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
        );
        expect(res.status).toBe(200);
        pages.push(res.body.items.map((c: { name: string }) => c.name));
        cursor = res.body.nextCursor;
      } while (cursor && pages.length < 20);
      return pages;
    };

    beforeAll(async () => {
      emulator = await startTrustedEmulator({ operationDurationMs: 100 });
      const keep = new Map<string, Knex>();
      portal = await startCompleteClustersBackend({
        emulator,
        database: { databases, id: databaseId, keep },
        users: [ALICE, BOB],
      });
      const knex = keep.get('complete-clusters')!;
      const store = await DatabaseClusterStore.create({
        database: mockServices.database({ knex }),
      });
      const sqlite = String(knex.client.config.client).includes('sqlite');
      // As each database keeps its own timestamps: SQLite's CURRENT_TIMESTAMP is UTC text in whole seconds.
      const at = (iso: string) =>
        sqlite ? iso.replace('T', ' ').slice(0, 19) : iso;
      for (const [name, owner, template, created, phase, changed] of CLUSTERS) {
        await store.requestCluster({
          ...exampleRequest(template, emulatorSettings(emulator), name, {
            requester: owner,
          }),
          // Resting phases only: the engine leaves them alone.
          phase: 'AwaitingApproval',
        });
        await knex('cluster_requests')
          .where({ name })
          .update({
            phase,
            created_at: at(created),
            updated_at: at(
              changed === 'Feb'
                ? '2026-02-01T00:00:00.000000Z'
                : '2026-03-01T00:00:00.000000Z',
            ),
          });
      }
    });
    afterAll(async () => {
      await portal?.stop();
      await emulator?.close();
    });

    it('lists newest first, then by name, without deleted clusters, and pages them without losing or repeating one', async () => {
      expect(await names('/clusters')).toEqual([
        'c-01',
        'c-02',
        'c-03',
        'c-04',
        'c-05',
        'c-07',
      ]);
      // Pages end between two clusters of one second (c-02 | c-03) and of one millisecond (c-04 | c-05).
      expect(await allPages('/clusters?limit=2')).toEqual([
        ['c-01', 'c-02'],
        ['c-03', 'c-04'],
        ['c-05', 'c-07'],
      ]);
      expect(await allPages('/clusters?limit=4')).toEqual([
        ['c-01', 'c-02', 'c-03', 'c-04'],
        ['c-05', 'c-07'],
      ]);
      const last = await get('/clusters?limit=500');
      expect(last.body.nextCursor).toBeUndefined();
    });

    it('filters by owner, template and phase in the database, also across pages', async () => {
      expect(await names(`/clusters?owner=${BOB}`)).toEqual([
        'c-03',
        'c-04',
        'c-07',
      ]);
      expect(await names('/clusters?owner=me', ALICE)).toEqual([
        'c-01',
        'c-02',
        'c-05',
      ]);
      expect(
        await names('/clusters?template=clustertemplate:default/testing'),
      ).toEqual(['c-03', 'c-05']);
      expect(await names('/clusters?phase=Ready,Failed')).toEqual([
        'c-01',
        'c-03',
        'c-04',
        'c-05',
        'c-07',
      ]);
      expect(await names('/clusters?phase=Deleted')).toEqual(['c-06']);
      expect(
        await allPages(`/clusters?phase=Ready&owner=${BOB}&limit=1`),
      ).toEqual([['c-03'], ['c-04'], ['c-07']]);
    });

    it('lists the clusters changed since a time, deleted ones included, for a follower of changes', async () => {
      expect(
        await names('/clusters?changedSince=2026-02-15T00:00:00Z'),
      ).toEqual(['c-06', 'c-07']);
      expect(
        (await names('/clusters?changedSince=2026-01-15T00:00:00Z')).length,
      ).toBe(7);
      // Any ISO 8601 offset and fraction: the same instant as 2026-02-15T00:00:00Z.
      expect(
        await names('/clusters?changedSince=2026-02-15T01:00:00.000%2B01:00'),
      ).toEqual(['c-06', 'c-07']);
    });

    it.each([
      ['limit=0', /^limit: "0" is not a whole number from 1 to 500/],
      ['limit=501', /^limit: "501" .* Fix: ask for at most 500/],
      ['limit=ten', /^limit: "ten"/],
      [
        'cursor=bm90LWEtY3Vyc29y',
        /^cursor: not a cursor .* Fix: pass nextCursor/,
      ],
      [
        'phase=Running',
        /^phase: Running is not a phase\. Fix: use one or more of AwaitingApproval, Pending/,
      ],
      // Three strings, but no time: PostgreSQL refused to compare "x" with created_at (a 500).
      [
        'cursor=WyJ4IiwiYSIsImIiXQ',
        /^cursor: not a cursor .* Fix: pass nextCursor/,
      ],
      // The shape of either database's cursor, but a day that does not exist.
      [
        `cursor=${cursorOf('2026-02-30T00:00:00.000000Z')}`,
        /^cursor: not a cursor .* Fix: pass nextCursor/,
      ],
      [
        `cursor=${cursorOf('2026-02-30 00:00:00')}`,
        /^cursor: not a cursor .* Fix: pass nextCursor/,
      ],
      ['changedSince=yesterday', /^changedSince: "yesterday" is not a time/],
      // JavaScript takes these, PostgreSQL refused them as out of range (a 500).
      [
        'changedSince=-010000-01-01T00:00:00Z',
        /^changedSince: "-010000-01-01T00:00:00Z" is not a time in ISO 8601 from the year 1970 to 9999\. Fix: give one such as 2026-12-03T18:00:00Z/,
      ],
      [
        'changedSince=%2B275760-09-13T00:00:00Z',
        /^changedSince: "\+275760-09-13T00:00:00Z" is not a time .* Fix:/,
      ],
      [
        'changedSince=2026-02-30T00:00:00Z',
        /^changedSince: "2026-02-30T00:00:00Z" is not a time .* Fix:/,
      ],
      ['owner=user:default/', /^owner: "user:default\/" is not an entity ref/],
    ])(
      'refuses %s with 400, naming the parameter and the fix',
      async (query, message) => {
        const res = await get(`/clusters?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(message);
      },
    );
  },
);

import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { RETAIL_PRICES_FIXTURE } from '@complete-clusters/azure-arm-emulator';
import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import { startTrustedEmulator } from '../../__testUtils__/emulator';
import { estimateCost } from './estimateCost';
import { PriceBook } from './PriceBook';

jest.setTimeout(60_000);

const directory = path.resolve(__dirname, '../../../migrations');
const logger = mockServices.logger.mock();

const spec = (location: string, vmSize: string) =>
  ({
    infrastructure: {
      location,
      nodePools: [
        {
          name: 'system',
          mode: 'System',
          vmSize,
          autoscale: { min: 1, max: 3 },
        },
      ],
    },
  } as unknown as ClusterTemplateSpec);

describe('the price book', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 20 });
  });
  afterAll(() => emulator?.close());

  it.each(databases.eachSupportedId())(
    'caches prices with their date in %s, uses and reports a stale one when Azure cannot be asked, and names a size with no price',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      const settings = {
        endpoint: emulator.url,
        currency: 'USD',
        refreshHours: 24,
      };
      const book = new PriceBook(knex, settings, logger);

      const fresh = await book.price('southeastasia', 'Standard_D8ds_v5');
      expect(fresh.hourly).toBe(
        RETAIL_PRICES_FIXTURE.vmSizes.Standard_D8ds_v5.linux.southeastasia,
      );
      expect(fresh.meter).toBe('Virtual Machines Ddsv5 Series / D8ds v5');
      const rows = await knex('retail_prices').select();
      expect(rows).toHaveLength(1);

      // Three days later Azure cannot be reached: the cached price is used, with its date, as stale.
      const threeDaysAgo = new Date(Date.now() - 72 * 3600_000);
      await knex('retail_prices').update({ fetched_at: threeDaysAgo });
      const offline = new PriceBook(
        knex,
        { ...settings, endpoint: 'http://127.0.0.1:9' },
        logger,
      );
      const estimate = await estimateCost(
        spec('southeastasia', 'Standard_D8ds_v5'),
        'USD',
        (r, s) => offline.price(r, s),
        p => offline.isStale(p),
      );
      expect(estimate.stale).toBe(true);
      expect(new Date(estimate.pricedAt!).getTime()).toBe(
        threeDaysAgo.getTime(),
      );
      expect(estimate.pools[0]).toMatchObject({
        stale: true,
        hourlyPrice: 0.544,
        minimumMonthly: 397.12,
        worstCaseMonthly: 1191.36,
      });

      // Azure lists no A100 in southindia: reported as missing, the totals null, never 0.
      const none = await estimateCost(
        spec('southindia', 'Standard_NC24ads_A100_v4'),
        'USD',
        (r, s) => book.price(r, s),
        p => book.isStale(p),
      );
      expect(none.minimumMonthly).toBeNull();
      expect(none.worstCaseMonthly).toBeNull();
      expect(none.pools[0].hourlyPrice).toBeNull();
      expect(none.missing).toEqual([
        'Node pool system: Azure lists no Linux pay-as-you-go price in USD for Standard_NC24ads_A100_v4 in southindia.',
      ]);

      // In another currency the price is the API's, cached apart from USD.
      const eur = new PriceBook(knex, { ...settings, currency: 'EUR' }, logger);
      expect(
        (await eur.price('southeastasia', 'Standard_D8ds_v5')).hourly,
      ).toBe(
        Math.round(0.544 * RETAIL_PRICES_FIXTURE.currencies.EUR * 1e6) / 1e6,
      );

      // The scheduled refresh asks again for every cached price of its currency.
      expect(await book.refreshAll()).toEqual({ refreshed: 2, failed: 0 });
      const after = await book.cached('southeastasia', 'Standard_D8ds_v5');
      expect(book.isStale(after!)).toBe(false);
      await knex.destroy();
    },
  );
});

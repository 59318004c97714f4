import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/** One cached price: `hourly` is null when Azure lists none for the size. */
export interface CachedPrice {
  currency: string;
  region: string;
  vmSize: string;
  hourly: number | null;
  meter?: string;
  fetchedAt: Date;
}

export interface PriceSettings {
  /** Retail Prices API base URL, e.g. https://prices.azure.com. */
  endpoint: string;
  currency: string;
  /** Prices older than this are refreshed on the schedule, and reported as stale. */
  refreshHours: number;
}

interface RetailItem {
  currencyCode: string;
  retailPrice: number;
  armSkuName: string;
  productName: string;
  skuName: string;
  meterName: string;
  type: string;
  unitOfMeasure: string;
}

/** Pages followed at most for one size: Azure lists a handful of meters per size and region. */
const MAX_PAGES = 20;

/** How long one page of prices may take. */
const FETCH_TIMEOUT_MS = 10_000;

/**
 * The Linux pay-as-you-go meter of a VM size: not Windows (its product name
 * ends in "Windows"), not Spot, not Low Priority, priced by the hour.
 */
export function linuxConsumption(items: RetailItem[]): RetailItem | undefined {
  return items.find(
    i =>
      i.type === 'Consumption' &&
      i.unitOfMeasure === '1 Hour' &&
      !/windows$/i.test(i.productName.trim()) &&
      !/(spot|low priority)/i.test(`${i.skuName} ${i.meterName}`),
  );
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * VM sizes' hourly prices from Azure's public Retail Prices API, cached in
 * the database with the date they were fetched. A price is fetched the
 * first time an estimate needs it and refreshed on the schedule; when Azure
 * cannot be asked, the cached price is used with its date.
 */
export class PriceBook {
  constructor(
    private readonly db: Knex,
    readonly settings: PriceSettings,
    private readonly logger: LoggerService,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** Asks Azure for one size's price in one region (every page), in the configured currency. */
  async fetchPrice(region: string, vmSize: string): Promise<CachedPrice> {
    const filter = [
      `serviceName eq 'Virtual Machines'`,
      `armRegionName eq ${quote(region)}`,
      `armSkuName eq ${quote(vmSize)}`,
      `priceType eq 'Consumption'`,
    ].join(' and ');
    const first = new URL('/api/retail/prices', this.settings.endpoint);
    first.searchParams.set('currencyCode', `'${this.settings.currency}'`);
    first.searchParams.set('$filter', filter);
    const items: RetailItem[] = [];
    let next: string | null = first.toString();
    for (let page = 0; next && page < MAX_PAGES; page++) {
      // A price list that does not answer must not hold up a pre-flight check or a request.
      const res = await this.fetchImpl(next, {
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!res.ok) {
        const text = await res.text();
        throw new Error(
          `the Retail Prices API answered ${res.status}: ${text.slice(0, 300)}`,
        );
      }
      const body = (await res.json()) as {
        Items?: RetailItem[];
        NextPageLink?: string | null;
      };
      items.push(...(body.Items ?? []));
      next = body.NextPageLink || null;
    }
    const meter = linuxConsumption(
      items.filter(
        i => i.currencyCode.toUpperCase() === this.settings.currency,
      ),
    );
    const price: CachedPrice = {
      currency: this.settings.currency,
      region,
      vmSize,
      hourly: meter ? meter.retailPrice : null,
      meter: meter ? `${meter.productName} / ${meter.skuName}` : undefined,
      fetchedAt: new Date(),
    };
    await this.store(price);
    return price;
  }

  private async store(p: CachedPrice) {
    await this.db('retail_prices')
      .insert({
        currency: p.currency,
        region: p.region,
        vm_size: p.vmSize,
        hourly: p.hourly,
        meter: p.meter ?? null,
        fetched_at: p.fetchedAt,
      })
      .onConflict(['currency', 'region', 'vm_size'])
      .merge();
  }

  async cached(
    region: string,
    vmSize: string,
  ): Promise<CachedPrice | undefined> {
    const row = await this.db('retail_prices')
      .where({ currency: this.settings.currency, region, vm_size: vmSize })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /**
   * The price of a size in a region: the cached one if fresh, else asked of
   * Azure; when Azure fails, the cached one however old, or an error.
   */
  async price(region: string, vmSize: string): Promise<CachedPrice> {
    const key = { region: region.toLowerCase(), vmSize };
    const cached = await this.cached(key.region, key.vmSize);
    if (cached && !this.isStale(cached)) return cached;
    try {
      return await this.fetchPrice(key.region, key.vmSize);
    } catch (e) {
      if (cached) {
        this.logger.warn(
          `Prices: could not refresh ${vmSize} in ${region} (${
            (e as Error).message
          }); using the price of ${cached.fetchedAt.toISOString()}`,
        );
        return cached;
      }
      throw e;
    }
  }

  isStale(p: CachedPrice, now = Date.now()): boolean {
    return now - p.fetchedAt.getTime() > this.settings.refreshHours * 3600_000;
  }

  /** The scheduled refresh: every cached price in the configured currency, asked again. */
  async refreshAll(): Promise<{ refreshed: number; failed: number }> {
    const rows = await this.db('retail_prices').where({
      currency: this.settings.currency,
    });
    let refreshed = 0;
    let failed = 0;
    for (const row of rows) {
      try {
        await this.fetchPrice(row.region, row.vm_size);
        refreshed++;
      } catch (e) {
        failed++;
        this.logger.warn(
          `Prices: refreshing ${row.vm_size} in ${row.region} failed: ${
            (e as Error).message
          }`,
        );
      }
    }
    return { refreshed, failed };
  }
}

function fromRow(row: any): CachedPrice {
  return {
    currency: row.currency,
    region: row.region,
    vmSize: row.vm_size,
    hourly: row.hourly === null ? null : Number(row.hourly),
    meter: row.meter ?? undefined,
    fetchedAt: new Date(row.fetched_at),
  };
}

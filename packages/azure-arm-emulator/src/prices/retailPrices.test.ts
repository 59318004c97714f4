import { createEmulator, Emulator } from '../index';
import { RETAIL_PRICES_PAGE_SIZE } from './retailPrices';

/** Fetched with no Authorization header: the Retail Prices API is public. */
async function get(base: string, query: string) {
  const res = await fetch(`${base}/api/retail/prices?${query}`);
  return { status: res.status, body: (await res.json()) as any };
}

const A100_SEA = `$filter=${encodeURIComponent(
  "serviceName eq 'Virtual Machines' and armRegionName eq 'southeastasia' and armSkuName eq 'Standard_NC24ads_A100_v4' and priceType eq 'Consumption'",
)}`;

describe('the Retail Prices API (prices.azure.com)', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ tls: false, operationDurationMs: 20 });
  });
  afterAll(() => emulator?.close());

  it('answers a filtered query with no token, in the shape Azure answers', async () => {
    const { status, body } = await get(
      emulator.url,
      `currencyCode='USD'&${A100_SEA}`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      BillingCurrency: 'USD',
      CustomerEntityId: 'Default',
      CustomerEntityType: 'Retail',
      NextPageLink: null,
    });
    expect(body.Count).toBe(body.Items.length);
    // Linux, Windows, Spot, Low Priority and Windows Spot meters of one size.
    expect(body.Items).toHaveLength(5);
    const linux = body.Items.find(
      (i: any) =>
        !i.productName.endsWith('Windows') && i.skuName === 'NC24ads A100 v4',
    );
    expect(linux).toMatchObject({
      currencyCode: 'USD',
      retailPrice: 4.775,
      unitPrice: 4.775,
      armRegionName: 'southeastasia',
      location: 'AP Southeast',
      armSkuName: 'Standard_NC24ads_A100_v4',
      serviceName: 'Virtual Machines',
      serviceFamily: 'Compute',
      unitOfMeasure: '1 Hour',
      type: 'Consumption',
      tierMinimumUnits: 0,
      isPrimaryMeterRegion: true,
    });
    expect(linux.meterId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('prices AKS Standard tier per cluster hour', async () => {
    const { body } = await get(
      emulator.url,
      `$filter=${encodeURIComponent(
        "serviceName eq 'Azure Kubernetes Service' and armRegionName eq 'centralindia'",
      )}`,
    );
    expect(body.Items).toEqual([
      expect.objectContaining({
        skuName: 'Standard',
        meterName: 'Standard Uptime SLA',
        retailPrice: 0.1,
        unitOfMeasure: '1 Hour',
      }),
    ]);
  });

  it('pages by NextPageLink until every item is read, each once', async () => {
    let url: string | null = `${emulator.url}/api/retail/prices`;
    const ids: string[] = [];
    let pages = 0;
    while (url) {
      const res = await fetch(url);
      const body = (await res.json()) as any;
      expect(body.Items.length).toBeLessThanOrEqual(RETAIL_PRICES_PAGE_SIZE);
      ids.push(...body.Items.map((i: any) => i.meterId));
      url = body.NextPageLink;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('converts to a supported currency and refuses an unsupported one', async () => {
    const eur = await get(emulator.url, `currencyCode='EUR'&${A100_SEA}`);
    expect(eur.body.BillingCurrency).toBe('EUR');
    expect(eur.body.Items[0].currencyCode).toBe('EUR');

    const bad = await get(emulator.url, `currencyCode='XYZ'&${A100_SEA}`);
    expect(bad.status).toBe(400);
    expect(bad.body.Error.Message).toMatch(/Invalid currency code 'XYZ'.*EUR/);
  });

  it('refuses a malformed $filter and finds nothing for currencyCode in it', async () => {
    const bad = await get(
      emulator.url,
      `$filter=${encodeURIComponent("serviceName = 'Virtual Machines'")}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.Error.Message).toMatch(/Invalid OData \$filter/);

    const unknown = await get(
      emulator.url,
      `$filter=${encodeURIComponent("colour eq 'blue'")}`,
    );
    expect(unknown.status).toBe(400);

    // Azure's known trap: currencyCode belongs in the query, not the filter.
    const trap = await get(
      emulator.url,
      `$filter=${encodeURIComponent(
        "armRegionName eq 'southeastasia' and currencyCode eq 'EUR'",
      )}`,
    );
    expect(trap.body).toMatchObject({ Count: 0, Items: [] });
  });

  it('matches filter values case-sensitively from 2023-01-01-preview on', async () => {
    const lower = `$filter=${encodeURIComponent(
      "serviceName eq 'virtual machines' and armRegionName eq 'southeastasia'",
    )}`;
    expect((await get(emulator.url, lower)).body.Count).toBeGreaterThan(0);
    expect(
      (await get(emulator.url, `api-version=2023-01-01-preview&${lower}`)).body
        .Count,
    ).toBe(0);
  });
});

import { createHash } from 'node:crypto';
import { ArmError } from '../errors';
import type { ArmResponse } from '../server/context';
import { RETAIL_PRICES_FIXTURE as F } from './retailPricesFixture';

/** Azure answers at most this many items a page, and links the next. */
export const RETAIL_PRICES_PAGE_SIZE = 100;

/** The API version whose filter values are case-sensitive (earlier ones are not). */
const CASE_SENSITIVE_API_VERSION = '2023-01-01-preview';

/**
 * The Retail Prices API's own error body, `{ Error: { Code, Message } }`:
 * not ARM's envelope (the API is not behind ARM and needs no token).
 */
export class RetailPricesError extends ArmError {
  toBody(): any {
    return { Error: { Code: this.code, Message: this.message } };
  }
}

export interface RetailPriceItem {
  currencyCode: string;
  tierMinimumUnits: number;
  retailPrice: number;
  unitPrice: number;
  armRegionName: string;
  location: string;
  effectiveStartDate: string;
  meterId: string;
  meterName: string;
  productId: string;
  skuId: string;
  availabilityId: null;
  productName: string;
  skuName: string;
  serviceName: string;
  serviceId: string;
  serviceFamily: string;
  unitOfMeasure: string;
  type: string;
  isPrimaryMeterRegion: boolean;
  armSkuName: string;
}

const id = (...parts: string[]) => {
  const h = createHash('sha1').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
};
const productId = (s: string) =>
  `DZH318Z${createHash('sha1')
    .update(s)
    .digest('hex')
    .slice(0, 5)
    .toUpperCase()}`;

/** Every item of the fixture, in USD, in a stable order. */
function usdItems(): RetailPriceItem[] {
  const items: RetailPriceItem[] = [];
  const base = {
    currencyCode: 'USD',
    tierMinimumUnits: 0,
    effectiveStartDate: F.effectiveStartDate,
    availabilityId: null,
    unitOfMeasure: '1 Hour',
    type: 'Consumption',
    isPrimaryMeterRegion: true,
  };
  for (const [armSkuName, size] of Object.entries(F.vmSizes)) {
    for (const [region, linux] of Object.entries(size.linux)) {
      const variants: Array<[string, string, number]> = [
        [size.productName, size.skuName, linux],
        [`${size.productName} Windows`, size.skuName, linux * F.windowsPremium],
        [size.productName, `${size.skuName} Spot`, linux * F.spotDiscount],
        [
          size.productName,
          `${size.skuName} Low Priority`,
          linux * F.lowPriorityDiscount,
        ],
        [
          `${size.productName} Windows`,
          `${size.skuName} Spot`,
          linux * F.windowsPremium * F.spotDiscount,
        ],
      ];
      for (const [productName, skuName, price] of variants) {
        const pid = productId(productName);
        items.push({
          ...base,
          retailPrice: round(price),
          unitPrice: round(price),
          armRegionName: region,
          location: (F.regions as Record<string, string>)[region],
          meterId: id(productName, skuName, region),
          meterName: skuName,
          productId: pid,
          skuId: `${pid}/00${skuName.length.toString(36).toUpperCase()}`,
          productName,
          skuName,
          serviceName: 'Virtual Machines',
          serviceId: 'DZH313Z7MMC8',
          serviceFamily: 'Compute',
          armSkuName,
        });
      }
    }
  }
  for (const [region, location] of Object.entries(F.regions)) {
    const pid = 'DZH318Z0CSHK';
    items.push({
      ...base,
      retailPrice: F.aksStandardTierPerClusterHour,
      unitPrice: F.aksStandardTierPerClusterHour,
      armRegionName: region,
      location,
      meterId: id('aks-standard', region),
      meterName: 'Standard Uptime SLA',
      productId: pid,
      skuId: `${pid}/0002`,
      productName: 'Azure Kubernetes Service',
      skuName: 'Standard',
      serviceName: 'Azure Kubernetes Service',
      serviceId: 'DZH317F1HKN0',
      serviceFamily: 'Compute',
      armSkuName: '',
    });
  }
  return items;
}

function round(n: number) {
  return Math.round(n * 1e6) / 1e6;
}

/** The filterable properties: `priceType` is the name the filter uses for `type`. */
const FIELDS: Record<string, keyof RetailPriceItem> = {
  armregionname: 'armRegionName',
  location: 'location',
  metername: 'meterName',
  meterid: 'meterId',
  productid: 'productId',
  skuid: 'skuId',
  productname: 'productName',
  skuname: 'skuName',
  servicename: 'serviceName',
  serviceid: 'serviceId',
  servicefamily: 'serviceFamily',
  pricetype: 'type',
  armskuname: 'armSkuName',
  currencycode: 'currencyCode',
};

interface Clause {
  field: keyof RetailPriceItem;
  value: string;
}

function badFilter(filter: string, why: string): never {
  throw new RetailPricesError(
    400,
    'BadRequest',
    `Invalid OData $filter '${filter}': ${why}. Write clauses as <property> eq '<value>' joined by 'and', e.g. serviceName eq 'Virtual Machines' and armRegionName eq 'southeastasia'.`,
  );
}

/** Parses `a eq 'x' and b eq 'y'` (the subset of OData the estimate needs). */
export function parseFilter(filter: string): Clause[] {
  const clauses: Clause[] = [];
  const re = /^\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*/;
  let rest = filter;
  for (;;) {
    const m = re.exec(rest);
    if (!m) badFilter(filter, `cannot read a clause at '${rest.trim()}'`);
    const field = FIELDS[m[1].toLowerCase()];
    if (!field)
      badFilter(filter, `'${m[1]}' is not a property of a price item`);
    clauses.push({ field, value: m[2].replace(/''/g, "'") });
    rest = rest.slice(m[0].length);
    if (!rest.trim()) return clauses;
    const and = /^and\s+/i.exec(rest);
    if (!and) badFilter(filter, `expected 'and' at '${rest.trim()}'`);
    rest = rest.slice(and[0].length);
  }
}

/** `currencyCode='EUR'` or `currencyCode=EUR`: the quotes are optional. */
function currencyOf(raw: string | null): { code: string; rate: number } {
  if (raw === null || raw === '') return { code: 'USD', rate: 1 };
  const code = raw.replace(/^'(.*)'$/, '$1').toUpperCase();
  const rate = (F.currencies as Record<string, number>)[code];
  if (rate === undefined)
    throw new RetailPricesError(
      400,
      'BadRequest',
      `Invalid currency code '${code}'. Supported currency codes: ${Object.keys(
        F.currencies,
      ).join(', ')}.`,
    );
  return { code, rate };
}

/**
 * `GET /api/retail/prices`: Azure's public Retail Prices API
 * (https://prices.azure.com), unauthenticated, paged by `$skip` with
 * `NextPageLink`, in the currency of `currencyCode`.
 */
export function retailPrices(url: URL, baseUrl: string): ArmResponse {
  const currency = currencyOf(url.searchParams.get('currencyCode'));
  const filter = url.searchParams.get('$filter');
  const clauses = filter ? parseFilter(filter) : [];
  const caseSensitive =
    url.searchParams.get('api-version') === CASE_SENSITIVE_API_VERSION;
  const same = (a: string, b: string) =>
    caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  const skipRaw = url.searchParams.get('$skip') ?? '0';
  const skip = Number(skipRaw);
  if (!/^\d+$/.test(skipRaw))
    throw new RetailPricesError(
      400,
      'BadRequest',
      `Invalid $skip '${skipRaw}': give a whole number of items to skip.`,
    );
  const matching = usdItems()
    .map(item => ({
      ...item,
      currencyCode: currency.code,
      retailPrice: round(item.retailPrice * currency.rate),
      unitPrice: round(item.unitPrice * currency.rate),
    }))
    .filter(item => clauses.every(c => same(String(item[c.field]), c.value)));
  const page = matching.slice(skip, skip + RETAIL_PRICES_PAGE_SIZE);
  let next: string | null = null;
  if (skip + RETAIL_PRICES_PAGE_SIZE < matching.length) {
    const nextUrl = new URL('/api/retail/prices', baseUrl);
    for (const [k, v] of url.searchParams)
      if (k !== '$skip') nextUrl.searchParams.append(k, v);
    nextUrl.searchParams.set('$skip', String(skip + RETAIL_PRICES_PAGE_SIZE));
    next = nextUrl.toString();
  }
  return {
    status: 200,
    body: {
      BillingCurrency: currency.code,
      CustomerEntityId: 'Default',
      CustomerEntityType: 'Retail',
      Items: page,
      NextPageLink: next,
      Count: page.length,
    },
  };
}

import type { Config } from '@backstage/config';
import type { PriceSettings } from './PriceBook';

/** ISO 4217 codes the Retail Prices API answers in. */
export const RETAIL_PRICE_CURRENCIES = [
  'USD',
  'AUD',
  'BRL',
  'CAD',
  'CHF',
  'CNY',
  'DKK',
  'EUR',
  'GBP',
  'INR',
  'JPY',
  'KRW',
  'NOK',
  'NZD',
  'RUB',
  'SEK',
  'TWD',
];

/** `completeClusters.prices`: where prices come from, in which currency, how often refreshed. */
export function readPriceSettings(config: Config): PriceSettings {
  const c = config.getOptionalConfig('completeClusters.prices');
  const endpoint =
    c?.getOptionalString('endpoint') ?? 'https://prices.azure.com';
  try {
    new URL(endpoint); // eslint-disable-line no-new
  } catch {
    throw new Error(
      `completeClusters.prices.endpoint '${endpoint}' is not a URL: give the Retail Prices API's base, e.g. https://prices.azure.com.`,
    );
  }
  const currency = (c?.getOptionalString('currency') ?? 'USD').toUpperCase();
  if (!RETAIL_PRICE_CURRENCIES.includes(currency))
    throw new Error(
      `completeClusters.prices.currency '${currency}' is not one Azure's Retail Prices API answers in: use one of ${RETAIL_PRICE_CURRENCIES.join(
        ', ',
      )}.`,
    );
  const refreshHours = c?.getOptionalNumber('refreshHours') ?? 24;
  if (!(refreshHours > 0))
    throw new Error(
      `completeClusters.prices.refreshHours must be a positive number of hours (24 by default), not ${refreshHours}.`,
    );
  return { endpoint, currency, refreshHours };
}

/**
 * The emulator's price list (fixture): hourly retail prices in USD for the VM
 * sizes the example templates use (examples/cluster-templates/*.yaml), in
 * their regions and a few others, and AKS's Standard tier.
 *
 * Illustrative figures of the magnitude Azure lists, not a copy of Azure's
 * price list: nothing served from here is a quote. Other currencies are the
 * USD figure times a fixed rate, as Azure's are a reference conversion of USD.
 */
export const RETAIL_PRICES_FIXTURE = {
  effectiveStartDate: '2026-11-01T00:00:00Z',
  regions: {
    southeastasia: 'AP Southeast',
    centralindia: 'IN Central',
    southindia: 'IN South',
    japaneast: 'JA East',
    westeurope: 'EU West',
    eastus: 'US East',
  },
  vmSizes: {
    Standard_D4ds_v5: {
      productName: 'Virtual Machines Ddsv5 Series',
      skuName: 'D4ds v5',
      linux: {
        southeastasia: 0.272,
        centralindia: 0.232,
        southindia: 0.244,
        japaneast: 0.296,
        westeurope: 0.264,
        eastus: 0.226,
      },
    },
    Standard_D8ds_v5: {
      productName: 'Virtual Machines Ddsv5 Series',
      skuName: 'D8ds v5',
      linux: {
        southeastasia: 0.544,
        centralindia: 0.464,
        southindia: 0.488,
        japaneast: 0.592,
        westeurope: 0.528,
        eastus: 0.452,
      },
    },
    Standard_NC24ads_A100_v4: {
      productName: 'Virtual Machines NCadsA100v4 Series',
      skuName: 'NC24ads A100 v4',
      linux: {
        southeastasia: 4.775,
        centralindia: 4.408,
        japaneast: 4.958,
        westeurope: 4.408,
        eastus: 3.673,
      },
    },
    Standard_NC8as_T4_v3: {
      productName: 'Virtual Machines NCasv3_T4 Series',
      skuName: 'NC8as T4 v3',
      linux: {
        southeastasia: 0.99,
        centralindia: 0.902,
        southindia: 0.947,
        japaneast: 1.034,
        westeurope: 0.902,
        eastus: 0.752,
      },
    },
  },
  windowsPremium: 1.46,
  spotDiscount: 0.2,
  lowPriorityDiscount: 0.2,
  aksStandardTierPerClusterHour: 0.1,
  currencies: {
    USD: 1,
    AUD: 1.53,
    BRL: 5.35,
    CAD: 1.39,
    CHF: 0.8,
    CNY: 7.1,
    DKK: 6.45,
    EUR: 0.865,
    GBP: 0.755,
    INR: 88.6,
    JPY: 154.2,
    KRW: 1445,
    NOK: 10.1,
    NZD: 1.74,
    RUB: 80.5,
    SEK: 9.45,
    TWD: 30.9,
  },
} as const;

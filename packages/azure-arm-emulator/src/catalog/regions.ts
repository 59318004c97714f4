/**
 * Azure public-cloud regions by their programmatic name (`az account
 * list-locations --query [].name`). ARM answers a resource group or managed
 * cluster in any other location with LocationNotAvailableForResourceGroup or
 * LocationNotAvailableForResourceType, listing these in the message.
 *
 * One list serves both resource types; the real lists differ by a few
 * regions (and change as regions open), which the emulator does not model.
 */
export const AZURE_REGIONS: readonly string[] = [
  'eastus',
  'eastus2',
  'southcentralus',
  'westus2',
  'westus3',
  'australiaeast',
  'southeastasia',
  'northeurope',
  'swedencentral',
  'uksouth',
  'westeurope',
  'centralus',
  'southafricanorth',
  'centralindia',
  'eastasia',
  'indonesiacentral',
  'japaneast',
  'japanwest',
  'koreacentral',
  'malaysiawest',
  'newzealandnorth',
  'canadacentral',
  'austriaeast',
  'belgiumcentral',
  'francecentral',
  'germanywestcentral',
  'italynorth',
  'norwayeast',
  'polandcentral',
  'spaincentral',
  'switzerlandnorth',
  'mexicocentral',
  'uaenorth',
  'brazilsouth',
  'chilecentral',
  'israelcentral',
  'qatarcentral',
  'northcentralus',
  'westus',
  'westcentralus',
  'southafricawest',
  'australiacentral',
  'australiacentral2',
  'australiasoutheast',
  'koreasouth',
  'southindia',
  'westindia',
  'jioindiawest',
  'jioindiacentral',
  'canadaeast',
  'francesouth',
  'germanynorth',
  'norwaywest',
  'switzerlandwest',
  'ukwest',
  'uaecentral',
  'brazilsoutheast',
  'swedensouth',
];

/** ARM accepts display names ("Southeast Asia") and stores the programmatic form. */
export function normalizeLocation(location: string): string {
  return location.toLowerCase().replace(/\s+/g, '');
}

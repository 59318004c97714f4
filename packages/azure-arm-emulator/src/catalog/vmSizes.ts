/**
 * A small catalogue of real Azure VM sizes: vCPUs and the quota family they
 * count against. Family names are the `name.value` of `az vm list-usage`
 * (the spelling AKS repeats in ErrCode_InsufficientVCPUQuota messages, some
 * with spaces, e.g. "Standard NCASv3_T4 Family").
 */
export interface VmSize {
  name: string;
  vCpus: number;
  family: string;
}

const sizes: Array<[string, number, string]> = [
  // General purpose
  ['Standard_B2s', 2, 'standardBSFamily'],
  ['Standard_B4ms', 4, 'standardBSFamily'],
  ['Standard_DS1_v2', 1, 'standardDSv2Family'],
  ['Standard_DS2_v2', 2, 'standardDSv2Family'],
  ['Standard_DS3_v2', 4, 'standardDSv2Family'],
  ['Standard_DS4_v2', 8, 'standardDSv2Family'],
  ['Standard_D2s_v3', 2, 'standardDSv3Family'],
  ['Standard_D4s_v3', 4, 'standardDSv3Family'],
  ['Standard_D8s_v3', 8, 'standardDSv3Family'],
  ['Standard_D16s_v3', 16, 'standardDSv3Family'],
  ['Standard_D2s_v5', 2, 'standardDSv5Family'],
  ['Standard_D4s_v5', 4, 'standardDSv5Family'],
  ['Standard_D8s_v5', 8, 'standardDSv5Family'],
  ['Standard_D16s_v5', 16, 'standardDSv5Family'],
  ['Standard_D32s_v5', 32, 'standardDSv5Family'],
  ['Standard_D2ds_v5', 2, 'standardDDSv5Family'],
  ['Standard_D4ds_v5', 4, 'standardDDSv5Family'],
  ['Standard_D8ds_v5', 8, 'standardDDSv5Family'],
  ['Standard_D16ds_v5', 16, 'standardDDSv5Family'],
  ['Standard_D32ds_v5', 32, 'standardDDSv5Family'],
  ['Standard_D2as_v5', 2, 'standardDASv5Family'],
  ['Standard_D4as_v5', 4, 'standardDASv5Family'],
  ['Standard_D8as_v5', 8, 'standardDASv5Family'],
  ['Standard_D16as_v5', 16, 'standardDASv5Family'],
  // Compute optimised
  ['Standard_F4s_v2', 4, 'standardFSv2Family'],
  ['Standard_F8s_v2', 8, 'standardFSv2Family'],
  ['Standard_F16s_v2', 16, 'standardFSv2Family'],
  // Memory optimised
  ['Standard_E2s_v5', 2, 'standardESv5Family'],
  ['Standard_E4s_v5', 4, 'standardESv5Family'],
  ['Standard_E8s_v5', 8, 'standardESv5Family'],
  ['Standard_E16s_v5', 16, 'standardESv5Family'],
  ['Standard_E4ds_v5', 4, 'standardEDSv5Family'],
  ['Standard_E8ds_v5', 8, 'standardEDSv5Family'],
  ['Standard_E16ds_v5', 16, 'standardEDSv5Family'],
  // GPU
  ['Standard_NC4as_T4_v3', 4, 'Standard NCASv3_T4 Family'],
  ['Standard_NC8as_T4_v3', 8, 'Standard NCASv3_T4 Family'],
  ['Standard_NC16as_T4_v3', 16, 'Standard NCASv3_T4 Family'],
  ['Standard_NC64as_T4_v3', 64, 'Standard NCASv3_T4 Family'],
  ['Standard_NC6s_v3', 6, 'standardNCSv3Family'],
  ['Standard_NC24ads_A100_v4', 24, 'standardNCADSA100v4Family'],
  ['Standard_NC48ads_A100_v4', 48, 'standardNCADSA100v4Family'],
  ['Standard_NC96ads_A100_v4', 96, 'standardNCADSA100v4Family'],
  ['Standard_NC40ads_H100_v5', 40, 'standardNCadsH100v5Family'],
  ['Standard_NC80adis_H100_v5', 80, 'standardNCadsH100v5Family'],
  ['Standard_ND96asr_v4', 96, 'Standard NDASv4_A100 Family'],
  ['Standard_NV6ads_A10_v5', 6, 'StandardNVADSA10v5Family'],
  ['Standard_NV12ads_A10_v5', 12, 'StandardNVADSA10v5Family'],
  ['Standard_NV36ads_A10_v5', 36, 'StandardNVADSA10v5Family'],
];

export const VM_SIZES: readonly VmSize[] = sizes.map(
  ([name, vCpus, family]) => ({ name, vCpus, family }),
);

const byName = new Map(VM_SIZES.map(s => [s.name.toLowerCase(), s]));

/** The catalogue entry of a VM size; Azure compares size names case-insensitively. */
export function findVmSize(name: unknown): VmSize | undefined {
  return typeof name === 'string' ? byName.get(name.toLowerCase()) : undefined;
}

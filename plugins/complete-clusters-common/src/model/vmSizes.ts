/**
 * The form of an Azure VM size name: `Standard_`, a known family, the vCPU
 * count (optionally `-<constrained vCPUs>`), lowercase feature letters, then
 * optional accelerator and version parts, e.g. `Standard_D4ds_v5`,
 * `Standard_NC24ads_A100_v4`, `Standard_E64-32s_v5`. Whether Azure offers the
 * size in a region is checked live before a cluster is built.
 * @public
 */
export const VM_SIZE_PATTERN =
  '^Standard_(A|B|DC|DS|D|EC|E|FX|F|GS|G|HB|HC|HX|H|L|M|NCC|NC|ND|NG|NP|NV)[0-9]{1,3}(-[0-9]{1,3})?[a-z]{0,8}(_[A-Z][A-Za-z0-9]{0,15})?(_v[0-9]{1,2})?$';

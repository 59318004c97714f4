/**
 * The rule for a cluster's name. It becomes the AKS managed cluster name, its
 * DNS prefix and the catalog Resource name, so it must satisfy all three:
 * 3 to 63 lowercase letters, digits and hyphens, starting with a letter and
 * ending with a letter or digit.
 * @public
 */
export const CLUSTER_NAME_PATTERN = '^[a-z][a-z0-9-]{1,61}[a-z0-9]$';

/**
 * The help shown beside the cluster name field and with every naming error.
 * @public
 */
export const CLUSTER_NAME_RULE =
  '3-63 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit (AKS and DNS naming rules)';

/**
 * Why a cluster name is refused, or undefined when it is fine.
 * @public
 */
export function clusterNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return `A cluster name is required: ${CLUSTER_NAME_RULE}.`;
  if (name.length < 3 || name.length > 63) return `"${name}" has ${name.length} characters; use ${CLUSTER_NAME_RULE}.`;
  if (/[A-Z]/.test(name)) return `"${name}" has capital letters; use ${name.toLowerCase()} instead (${CLUSTER_NAME_RULE}).`;
  if (!new RegExp(CLUSTER_NAME_PATTERN).test(name)) return `"${name}" is not a valid cluster name; use ${CLUSTER_NAME_RULE}.`;
  return undefined;
}

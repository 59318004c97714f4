/**
 * The rule for a cluster's name, kept here once for the HTTP API, the
 * Scaffolder action and the generated request form.
 *
 * The name becomes the AKS managed cluster name (1-63 alphanumerics, `_`,
 * `-`), its DNS prefix (1-54 alphanumerics and `-`, starting and ending with
 * one: AKS appends `-<8 characters>` to make the API server's host name,
 * whose first DNS label may not exceed 63), the catalog Resource name (1-63,
 * `[-_.]` between alphanumerics) and part of its resource group's name. The
 * rule below is what all of them accept: 3 to 54 lowercase letters, digits
 * and hyphens, starting with a letter and ending with a letter or digit.
 */

/**
 * The fewest characters of a cluster name.
 * @public
 */
export const CLUSTER_NAME_MIN_LENGTH = 3;

/**
 * The most characters of a cluster name: the longest DNS prefix AKS accepts.
 * @public
 */
export const CLUSTER_NAME_MAX_LENGTH = 54;

/**
 * The cluster name rule as a regular expression (for JSON schemas and forms).
 * @public
 */
export const CLUSTER_NAME_PATTERN = `^[a-z][a-z0-9-]{${
  CLUSTER_NAME_MIN_LENGTH - 2
},${CLUSTER_NAME_MAX_LENGTH - 2}}[a-z0-9]$`;

/**
 * The help shown beside the cluster name field and with every naming error.
 * @public
 */
export const CLUSTER_NAME_RULE = `${CLUSTER_NAME_MIN_LENGTH}-${CLUSTER_NAME_MAX_LENGTH} lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit (the name becomes the AKS cluster's DNS prefix, at most ${CLUSTER_NAME_MAX_LENGTH} characters)`;

const NAME = new RegExp(CLUSTER_NAME_PATTERN);

/** A value quoted for a message, control characters escaped and long values cut. */
function quoted(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(shown);
}

/**
 * Why a cluster name is refused, or undefined when it is fine.
 * @public
 */
export function clusterNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name.length === 0)
    return `A cluster name is required: ${CLUSTER_NAME_RULE}.`;
  if (
    name.length < CLUSTER_NAME_MIN_LENGTH ||
    name.length > CLUSTER_NAME_MAX_LENGTH
  ) {
    return `${quoted(name)} has ${
      name.length
    } characters; use ${CLUSTER_NAME_RULE}.`;
  }
  if (/[A-Z]/.test(name) && NAME.test(name.toLowerCase())) {
    return `${quoted(
      name,
    )} has capital letters; use ${name.toLowerCase()} instead (${CLUSTER_NAME_RULE}).`;
  }
  if (!NAME.test(name))
    return `${quoted(
      name,
    )} is not a valid cluster name; use ${CLUSTER_NAME_RULE}.`;
  return undefined;
}

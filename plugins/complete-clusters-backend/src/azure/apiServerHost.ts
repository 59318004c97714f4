/**
 * A DNS host name, as Azure gives a managed cluster's `fqdn`: labels of
 * letters, digits and inner hyphens, at most 253 characters, with no scheme,
 * port, path or user info.
 */
const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * Whether Azure's `fqdn` for a managed cluster is a bare host name. The
 * catalog makes `https://<fqdn>` of it for the Kubernetes plugin, which calls
 * that URL with the signed-in user's Azure token: anything else
 * (`evil.example.com/x`, `user@host`, `host:8443`) could send the token
 * elsewhere, so the engine never stores it.
 */
export function isHostName(fqdn: string): boolean {
  return HOST_NAME.test(fqdn);
}

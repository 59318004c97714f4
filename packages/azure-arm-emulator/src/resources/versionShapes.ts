import { ApiTypeName } from '../catalog/apiVersions';
import { StoredResource } from '../server/context';
import { clone, isObject } from '../util';

/**
 * A property a resource provider added at some api-version: a client at an
 * older version neither sees it nor can set it. `since` is the first stable
 * version that has it, `sincePreview` the first preview.
 */
interface VersionedProperty {
  path: string[];
  since: string;
  sincePreview: string;
}

/**
 * Properties of a managed cluster that older api-versions cannot express,
 * from the AKS specifications: `networkPluginMode` (Azure CNI Overlay) first
 * appears in 2022-04-02-preview and in stable 2023-02-01 (it is absent from
 * 2022-11-01, the version Debian's python3-azure speaks).
 */
const MANAGED_CLUSTER_PROPERTIES: VersionedProperty[] = [
  {
    path: ['properties', 'networkProfile', 'networkPluginMode'],
    since: '2023-02-01',
    sincePreview: '2022-04-02-preview',
  },
];

/**
 * Microsoft.KubernetesConfiguration renamed the extension's
 * `installedVersion` to `currentVersion` and added `isSystemExtension` in
 * 2022-04-02-preview (stable 2022-07-01); 2022-03-01 and before have
 * `installedVersion`.
 */
const EXTENSION_CURRENT_VERSION = {
  since: '2022-07-01',
  sincePreview: '2022-04-02-preview',
};

function knows(apiVersion: string, p: { since: string; sincePreview: string }) {
  const v = apiVersion.toLowerCase();
  return v.endsWith('-preview') ? v >= p.sincePreview : v >= p.since;
}

function getPath(obj: any, path: string[]): unknown {
  return path.reduce((o, k) => (isObject(o) ? o[k] : undefined), obj);
}

function deletePath(obj: any, path: string[]) {
  const parent = getPath(obj, path.slice(0, -1));
  if (isObject(parent)) delete parent[path[path.length - 1]];
}

function setPath(obj: any, path: string[], value: unknown) {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!isObject(o[k])) return; // the client did not send the object: the RP keeps the stored one whole
    o = o[k];
  }
  if (o[path[path.length - 1]] === undefined)
    o[path[path.length - 1]] = clone(value);
}

function shapeCluster(body: any, apiVersion: string) {
  for (const p of MANAGED_CLUSTER_PROPERTIES)
    if (!knows(apiVersion, p)) deletePath(body, p.path);
}

function shapeExtension(body: any, apiVersion: string) {
  if (
    !isObject(body?.properties) ||
    knows(apiVersion, EXTENSION_CURRENT_VERSION)
  )
    return;
  const props = body.properties;
  props.installedVersion = props.currentVersion ?? null;
  delete props.currentVersion;
  delete props.isSystemExtension;
}

const SHAPERS: Partial<
  Record<ApiTypeName, (body: any, apiVersion: string) => void>
> = {
  managedClusters: shapeCluster,
  extensions: shapeExtension,
};

/**
 * A response body as the resource provider writes it at `apiVersion`: a
 * resource, or a page `{ value: [...] }` of them, without what that version
 * cannot express.
 */
export function shapeForApiVersion(
  api: ApiTypeName | undefined,
  apiVersion: string,
  body: unknown,
): unknown {
  const shape = api && SHAPERS[api];
  if (!shape || !isObject(body)) return body;
  const out = clone(body);
  if (Array.isArray(out.value))
    out.value.forEach((item: unknown) => shape(item, apiVersion));
  else if (!('error' in out)) shape(out, apiVersion);
  return out;
}

/**
 * ARM merges rather than drops: a PUT at an api-version that cannot express
 * a property keeps the stored value of it (e.g. a tag update read and
 * written back at 2022-11-01 keeps `networkPluginMode: overlay`). Returns
 * the body to hand to the resource's handler.
 */
export function keepUnexpressedProperties(
  api: ApiTypeName | undefined,
  apiVersion: string,
  body: unknown,
  existing: StoredResource | undefined,
): unknown {
  if (api !== 'managedClusters' || !existing || !isObject(body)) return body;
  const out = clone(body);
  for (const p of MANAGED_CLUSTER_PROPERTIES) {
    if (knows(apiVersion, p)) continue;
    const stored = getPath(existing.resource, p.path);
    if (stored !== undefined) setPath(out, p.path, stored);
  }
  return out;
}

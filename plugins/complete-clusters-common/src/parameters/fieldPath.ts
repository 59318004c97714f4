/**
 * Field paths address one value of a ClusterTemplate spec, e.g.
 * `infrastructure.nodePools.gpu.autoscale.max`. Inside a list of named items
 * (node pools, applications, role bindings) a segment selects the item by its
 * `name`; inside any other list it is the item's index.
 */

function childOf(
  container: unknown,
  segment: string,
): { found: boolean; value?: unknown } {
  if (Array.isArray(container)) {
    const byName = container.find(
      item =>
        item &&
        typeof item === 'object' &&
        (item as { name?: unknown }).name === segment,
    );
    if (byName !== undefined) return { found: true, value: byName };
    if (/^\d+$/.test(segment) && Number(segment) < container.length) {
      return { found: true, value: container[Number(segment)] };
    }
    return { found: false };
  }
  if (
    container &&
    typeof container === 'object' &&
    Object.prototype.hasOwnProperty.call(container, segment)
  ) {
    return {
      found: true,
      value: (container as Record<string, unknown>)[segment],
    };
  }
  return { found: false };
}

/**
 * Reads the value at a field path, or reports that the path leads nowhere.
 * @public
 */
export function readField(
  spec: unknown,
  path: string,
): { found: boolean; value?: unknown } {
  let current: unknown = spec;
  for (const segment of path.split('.')) {
    const next = childOf(current, segment);
    if (!next.found) return { found: false };
    current = next.value;
  }
  return { found: true, value: current };
}

/**
 * Returns a deep copy of `spec` with the value at `path` replaced. The path
 * must exist (check with {@link readField} first).
 * @public
 */
export function writeField<T>(spec: T, path: string, value: unknown): T {
  const copy = structuredClone(spec);
  const segments = path.split('.');
  let current: unknown = copy;
  for (const segment of segments.slice(0, -1)) {
    current = childOf(current, segment).value;
  }
  const last = segments[segments.length - 1];
  if (Array.isArray(current)) {
    const index = current.findIndex(
      item => item && typeof item === 'object' && item.name === last,
    );
    current[index >= 0 ? index : Number(last)] = value;
  } else {
    (current as Record<string, unknown>)[last] = value;
  }
  return copy;
}

/**
 * The template path (`spec.infrastructure.nodePools[1].autoscale.max`) of a
 * field path (`infrastructure.nodePools.gpu.autoscale.max`), as validation
 * problems name fields; undefined when the path leads nowhere.
 * @public
 */
export function templatePath(spec: unknown, path: string): string | undefined {
  let current: unknown = spec;
  let result = 'spec';
  for (const segment of path.split('.')) {
    const next = childOf(current, segment);
    if (!next.found) return undefined;
    if (Array.isArray(current)) result += `[${current.indexOf(next.value)}]`;
    else result += `.${segment}`;
    current = next.value;
  }
  return result;
}

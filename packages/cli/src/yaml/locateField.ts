import { Document, isMap, isNode, isSeq, LineCounter, Node } from 'yaml';

/** A place in a file, 1-based as editors and CI annotations count. */
export interface Location {
  line: number;
  column: number;
}

/**
 * The steps of a field path as the validator names fields:
 * `spec.infrastructure.nodePools[1].autoscale.min` gives
 * `['spec', 'infrastructure', 'nodePools', 1, 'autoscale', 'min']`.
 */
export function pathSteps(field: string): Array<string | number> {
  const steps: Array<string | number> = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]/g;
  for (let match = pattern.exec(field); match; match = pattern.exec(field)) {
    steps.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return steps;
}

/**
 * Where a field is in a YAML document: the field's own value when it is
 * written, else the closest enclosing field that is (a missing field is
 * reported where it should be added).
 */
export function locateField(
  document: Document,
  lineCounter: LineCounter,
  field: string,
): Location {
  let node: unknown = document.contents;
  let found: Node | undefined = isNode(node) ? node : undefined;
  for (const step of pathSteps(field)) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find(
        item => isNode(item.key) && (item.key as any).value === step,
      );
      // A key written without a value: point at the key.
      next = pair ? pair.value ?? pair.key : undefined;
    } else if (isSeq(node) && typeof step === 'number') {
      next = node.items[step];
    }
    if (!isNode(next)) break;
    node = next;
    found = next;
  }
  const offset = found?.range?.[0] ?? 0;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

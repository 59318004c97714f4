import {
  clusterTemplateProblems,
  formatProblems,
} from '@complete-clusters/plugin-complete-clusters-common';
import { readTemplates } from '../templates/readTemplates';
import { locateField } from '../yaml/locateField';

/**
 * `complete-clusters validate <files or globs>`: every ClusterTemplate in the
 * files is checked with the rules the catalog applies, and every problem is
 * printed as `file:line:column field: message; fix: ...` followed by the
 * catalog's own message for the template. Returns 0 when all are valid, 1 when
 * one is not, 2 when a file cannot be read or parsed or nothing was named.
 */
export async function validate(
  args: string[],
  out: (line: string) => void,
): Promise<number> {
  if (args.length === 0) {
    out(
      'Name the ClusterTemplate files to check, e.g. complete-clusters validate templates/*.yaml',
    );
    return 2;
  }
  const { files, templates, unreadable } = readTemplates(args);
  unreadable.forEach(line => out(line));
  let invalid = 0;
  for (const { file, entity, document, lineCounter } of templates) {
    const problems = clusterTemplateProblems(entity);
    if (problems.length === 0) continue;
    invalid += 1;
    for (const problem of problems) {
      const { line, column } = locateField(
        document,
        lineCounter,
        problem.field,
      );
      out(
        `${file}:${line}:${column} ${problem.field}: ${problem.message}${
          problem.fix ? `; fix: ${problem.fix}` : ''
        }`,
      );
    }
    out(
      formatProblems(
        `ClusterTemplate ${entity.metadata?.name ?? '(unnamed)'}`,
        problems,
      ),
    );
  }
  const count = (n: number, what: string) =>
    `${n} ${what}${n === 1 ? '' : 's'}`;
  out(
    `${count(templates.length, 'ClusterTemplate')} in ${count(
      files.length,
      'file',
    )}: ${invalid} invalid${
      unreadable.length ? `, ${unreadable.length} unreadable` : ''
    }`,
  );
  if (unreadable.length > 0) return 2;
  return invalid > 0 ? 1 : 0;
}

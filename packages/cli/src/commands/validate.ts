import fs from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import {
  clusterTemplateProblems,
  formatProblems,
  isClusterTemplateEntity,
} from '@complete-clusters/plugin-complete-clusters-common';
import { locateField } from '../yaml/locateField';

/** The files an argument names: itself, or what it matches when it is a glob. */
function filesOf(argument: string): string[] {
  if (!/[*?[{]/.test(argument)) return [argument];
  return (fs.globSync(argument) as string[]).filter(file => fs.statSync(file).isFile()).sort();
}

/**
 * `complete-clusters validate <files or globs>`: every ClusterTemplate in the
 * files is checked with the rules the catalog applies, and every problem is
 * printed as `file:line:column field: message; fix: ...` followed by the
 * catalog's own message for the template. Returns 0 when all are valid, 1 when
 * one is not, 2 when a file cannot be read or parsed or nothing was named.
 */
export async function validate(args: string[], out: (line: string) => void): Promise<number> {
  if (args.length === 0) {
    out('Name the ClusterTemplate files to check, e.g. complete-clusters validate templates/*.yaml');
    return 2;
  }
  let unreadable = 0;
  let invalid = 0;
  let templates = 0;
  const files = args.flatMap(argument => {
    const matched = filesOf(argument);
    if (matched.length === 0) {
      out(`${argument}: no file matches`);
      unreadable += 1;
    }
    return matched;
  });

  for (const file of files) {
    const shown = path.relative(process.cwd(), file) || file;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      out(`${shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      unreadable += 1;
      continue;
    }
    const lineCounter = new LineCounter();
    for (const document of parseAllDocuments(text, { lineCounter })) {
      if (document.errors.length > 0) {
        for (const error of document.errors) {
          const { line, col } = lineCounter.linePos(error.pos[0]);
          out(`${shown}:${line}:${col} is not valid YAML: ${error.message.split('\n')[0]}`);
        }
        unreadable += 1;
        continue;
      }
      const entity = document.toJS();
      if (!entity || typeof entity !== 'object' || !isClusterTemplateEntity(entity)) continue;
      templates += 1;
      const problems = clusterTemplateProblems(entity);
      if (problems.length === 0) continue;
      invalid += 1;
      for (const problem of problems) {
        const { line, column } = locateField(document, lineCounter, problem.field);
        out(`${shown}:${line}:${column} ${problem.field}: ${problem.message}${problem.fix ? `; fix: ${problem.fix}` : ''}`);
      }
      out(formatProblems(`ClusterTemplate ${entity.metadata?.name ?? '(unnamed)'}`, problems));
    }
  }

  out(`${templates} ClusterTemplate${templates === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}: ${invalid} invalid${unreadable ? `, ${unreadable} unreadable` : ''}`);
  if (unreadable > 0) return 2;
  return invalid > 0 ? 1 : 0;
}

import fs from 'node:fs';
import path from 'node:path';
import { Document, LineCounter, parseAllDocuments } from 'yaml';
import { isClusterTemplateEntity } from '@complete-clusters/plugin-complete-clusters-common';

/** One ClusterTemplate as a file holds it. */
export interface TemplateInFile {
  /** The file, relative to the working directory. */
  file: string;
  entity: any;
  document: Document;
  lineCounter: LineCounter;
}

/** What the files named on a command line hold, and what could not be read. */
export interface TemplateFiles {
  files: string[];
  templates: TemplateInFile[];
  /** One line per file that could not be found, read or parsed. */
  unreadable: string[];
}

/** The files an argument names: itself, or what it matches when it is a glob. */
function filesOf(argument: string): string[] {
  if (!/[*?[{]/.test(argument)) return [argument];
  return (fs.globSync(argument) as string[])
    .filter(file => fs.statSync(file).isFile())
    .sort();
}

/** Every ClusterTemplate document in the named files (other kinds are passed over). */
export function readTemplates(args: string[]): TemplateFiles {
  const unreadable: string[] = [];
  const templates: TemplateInFile[] = [];
  const files = args.flatMap(argument => {
    const matched = filesOf(argument);
    if (matched.length === 0) unreadable.push(`${argument}: no file matches`);
    return matched;
  });
  for (const name of files) {
    const file = path.relative(process.cwd(), name) || name;
    let text: string;
    try {
      text = fs.readFileSync(name, 'utf8');
    } catch (error) {
      unreadable.push(
        `${file}: cannot be read (${
          (error as NodeJS.ErrnoException).code ?? (error as Error).message
        })`,
      );
      continue;
    }
    const lineCounter = new LineCounter();
    for (const document of parseAllDocuments(text, { lineCounter })) {
      if (document.errors.length > 0) {
        for (const error of document.errors) {
          const { line, col } = lineCounter.linePos(error.pos[0]);
          unreadable.push(
            `${file}:${line}:${col} is not valid YAML: ${
              error.message.split('\n')[0]
            }`,
          );
        }
        continue;
      }
      const entity = document.toJS();
      if (
        entity &&
        typeof entity === 'object' &&
        isClusterTemplateEntity(entity)
      ) {
        templates.push({ file, entity, document, lineCounter });
      }
    }
  }
  return { files, templates, unreadable };
}

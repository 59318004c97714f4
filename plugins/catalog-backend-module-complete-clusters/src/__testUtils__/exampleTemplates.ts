import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import type { ClusterTemplateEntity } from '@complete-clusters/plugin-complete-clusters-common';

/** The folder of the example templates that ship with the project. */
export const EXAMPLES_DIR = path.resolve(
  __dirname,
  '../../../../examples/cluster-templates',
);

/** One example template as the catalog reads it from its YAML file. */
export function loadExampleTemplate(name: string): ClusterTemplateEntity {
  return parse(
    fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.yaml`), 'utf8'),
  );
}

import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import type { ClusterTemplateEntity } from '@internal/plugin-complete-clusters-common';

export const EXAMPLES_DIR = path.resolve(__dirname, '../../../../examples/cluster-templates');

/** One of the repo's example ClusterTemplates: developer, testing or production. */
export function exampleTemplate(name: 'developer' | 'testing' | 'production'): ClusterTemplateEntity {
  return parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.yaml`), 'utf8'));
}

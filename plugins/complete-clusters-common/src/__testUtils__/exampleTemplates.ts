import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import type { ClusterTemplateEntity } from '../model/ClusterTemplate';

/** The example templates that ship in examples/cluster-templates, as the catalog reads them. */
export function loadExampleTemplate(
  name: 'developer' | 'testing' | 'production',
): ClusterTemplateEntity {
  const file = path.resolve(
    __dirname,
    '../../../../examples/cluster-templates',
    `${name}.yaml`,
  );
  return parse(fs.readFileSync(file, 'utf8'));
}

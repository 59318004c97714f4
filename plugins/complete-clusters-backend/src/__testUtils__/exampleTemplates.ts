import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { applyParameters } from '@internal/plugin-complete-clusters-common';
import type { ClusterTemplateEntity, ClusterTemplateSpec } from '@internal/plugin-complete-clusters-common';
import type { AzureSettings } from '../config/readCompleteClustersConfig';
import type { NewClusterRequest } from '../database/types';
import { azureIdsFor } from '../azure/azureIds';

export const EXAMPLES_DIR = path.resolve(__dirname, '../../../../examples/cluster-templates');

/** One of the repo's example ClusterTemplates: developer, testing or production. */
export function exampleTemplate(name: 'developer' | 'testing' | 'production'): ClusterTemplateEntity {
  return parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.yaml`), 'utf8'));
}

/**
 * A request for a cluster from the `developer` example, as the API would
 * record it: the consumer's answers applied, then `edit` for what a test
 * needs that no consumer could ask for.
 */
export function developerRequest(
  settings: AzureSettings,
  name: string,
  options: { answers?: Record<string, unknown>; requester?: string; edit?: (spec: ClusterTemplateSpec) => void } = {},
): NewClusterRequest {
  const template = exampleTemplate('developer');
  const answers = options.answers ?? {};
  const spec = applyParameters('developer', template.spec, answers);
  options.edit?.(spec);
  const requester = options.requester ?? 'user:development/guest';
  return {
    name,
    templateRef: 'clustertemplate:default/developer',
    templateVersion: template.spec.version,
    parameters: answers,
    spec,
    requestedBy: requester,
    ownerRef: requester,
    azure: azureIdsFor(settings, name, spec.infrastructure.location),
  };
}

import { InputError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  applyParameters,
  ClusterTemplateValidationError,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterTemplateSpec } from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from '../../database/types';

/**
 * The spec a cluster would have with new answers to its template's
 * parameters (a scale, a rebuild in another region), from the spec it was
 * built with. Answers the template refuses are a 400 naming the field.
 */
export function respecCluster(
  record: Pick<ClusterRecord, 'templateRef' | 'spec'>,
  parameters: Record<string, unknown>,
): ClusterTemplateSpec {
  try {
    return applyParameters(
      parseEntityRef(record.templateRef).name,
      record.spec,
      parameters,
    );
  } catch (e) {
    if (e instanceof ClusterTemplateValidationError)
      throw new InputError(e.message);
    throw e;
  }
}

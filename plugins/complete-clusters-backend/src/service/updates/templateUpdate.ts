import {
  applyParameters,
  ClusterTemplateValidationError,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterTemplateEntity,
  ClusterTemplateSpec,
  ClusterUpdate,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { ClusterRecord } from '../../database/types';
import { diffSpecs } from './diffSpecs';

/** A newer template version for a cluster: what it would change, and the spec to apply. */
export interface PendingUpdate {
  update: ClusterUpdate;
  /** The cluster's spec at the new version, with the consumer's answers; absent when the update is blocked. */
  spec?: ClusterTemplateSpec;
}

/**
 * Whether the template has moved on from the version a cluster was built
 * from, and what bringing the cluster there would change. The consumer's
 * answers are applied to the new version; an update that would move the
 * cluster to another region, or that no longer accepts the answers, is shown
 * but blocked, with why.
 */
export function templateUpdate(
  cluster: ClusterRecord,
  template: ClusterTemplateEntity | undefined,
): PendingUpdate | undefined {
  if (!template || template.spec.version === cluster.templateVersion)
    return undefined;
  const base = {
    fromVersion: cluster.templateVersion,
    toVersion: template.spec.version,
  };
  let spec: ClusterTemplateSpec;
  try {
    spec = applyParameters(
      template.metadata.name,
      template.spec,
      cluster.parameters,
    );
  } catch (e) {
    if (!(e instanceof ClusterTemplateValidationError)) throw e;
    return {
      update: {
        ...base,
        changes: diffSpecs(cluster.spec, template.spec),
        blockedBy: `Version ${template.spec.version} no longer accepts this cluster's answers: ${e.message}`,
      },
    };
  }
  const changes = diffSpecs(cluster.spec, spec);
  if (spec.infrastructure.location !== cluster.spec.infrastructure.location) {
    return {
      update: {
        ...base,
        changes,
        blockedBy: `Version ${template.spec.version} moves clusters to ${spec.infrastructure.location}; an AKS cluster cannot change region. Request a new cluster from the template instead.`,
      },
    };
  }
  return { update: { ...base, changes }, spec };
}

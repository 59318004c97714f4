import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  KubernetesValidatorFunctions,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  CLUSTER_TEMPLATE_KIND,
  clusterReadPermission,
  parseClusterTemplate,
  formatProblems,
  isClusterTemplateEntity,
  templateRolloutPermission,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  TemplatePlan,
  TemplatePlanCluster,
} from '@complete-clusters/plugin-complete-clusters-common';
import { Access, lowerRef } from '../access';
import type { ClusterRequestStore } from '../../database/stores';
import type { ServiceDepsWith } from '../serviceDeps';
import { currentTemplate } from '../updates/currentTemplate';
import { diffSpecs } from '../updates/diffSpecs';
import { templateUpdate } from '../updates/templateUpdate';

/** Clusters a template change no longer reaches: never built, or gone. */
const PAST = ['Rejected', 'Deleting', 'Deleted'];

/**
 * What a proposed ClusterTemplate version would do to the fleet, for the
 * pull request that proposes it: each cluster of the template with the
 * changes "update available" would show, or why it could not take the new
 * version. Nothing is recorded. A signed-in user must belong to the group
 * that owns the template in the catalog (they are the ones who could roll it
 * out); a service (a pull request pipeline with a static external-access
 * token) is judged by the permission policy alone. Both need the rollout
 * permission for the template.
 */
export class TemplatePlanService {
  private readonly access: Access;

  constructor(
    private readonly deps: Pick<
      ServiceDepsWith<Pick<ClusterRequestStore, 'listClusters'>>,
      'store' | 'catalog' | 'permissions' | 'userInfo' | 'auth'
    >,
  ) {
    this.access = new Access(deps);
  }

  async plan(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<TemplatePlan> {
    const proposed =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>).template
        : undefined;
    if (
      typeof proposed !== 'object' ||
      proposed === null ||
      !isClusterTemplateEntity(proposed as any)
    ) {
      throw new InputError(
        'template is missing or not a ClusterTemplate. Fix: send { "template": <the ClusterTemplate entity of the changed file> }.',
      );
    }
    const { template, problems } = parseClusterTemplate(proposed);
    if (!template) {
      const name =
        (proposed as { metadata?: { name?: string } }).metadata?.name ??
        '(unnamed)';
      throw new InputError(formatProblems(`ClusterTemplate ${name}`, problems));
    }
    const templateRef = stringifyEntityRef({
      kind: CLUSTER_TEMPLATE_KIND,
      namespace: entityNamespace(template.metadata.namespace),
      name: entityName(template.metadata.name),
    });
    await this.access.require(
      templateRolloutPermission,
      credentials,
      `plan changes to ${templateRef}`,
      templateRef,
    );
    // The plan lists the template's clusters: whoever asks must be allowed to see clusters.
    await this.access.require(
      clusterReadPermission,
      credentials,
      `see the clusters of ${templateRef}`,
    );

    // Who may plan is decided by the template as the catalog has it, never by the proposal.
    const current = currentTemplate(
      await this.deps.catalog.getEntityByRef(templateRef, { credentials }),
    );
    // The clusters a change would reach: a cluster a rebuild replaced is not offered changes; the rebuild holding its name is.
    const clusters = (await this.deps.store.listClusters({ templateRef }))
      .filter(cluster => !PAST.includes(cluster.phase) && !cluster.rebuiltTo)
      .sort((a, b) => a.name.localeCompare(b.name));
    if (this.access.isUser(credentials)) {
      // No owner to check in the catalog (a new template, one it refuses or hides from the caller):
      // the proposal's own owner is trusted only while it would reveal no cluster.
      if (typeof current !== 'object' && clusters.length > 0)
        throw new NotAllowedError(
          `${templateRef} has clusters but the catalog has no valid ClusterTemplate of that name you may read, so its owners cannot be checked. Fix: plan it once the catalog has the template, or from a pipeline with a service token.`,
        );
      const owner =
        typeof current === 'object' ? current.spec.owner : template.spec.owner;
      const { refs } = await this.access.identity(credentials);
      if (!refs.has(lowerRef(owner))) {
        throw new NotAllowedError(
          `Only members of ${owner}, which owns ${templateRef}, plan changes to it.`,
        );
      }
    }

    const warnings: string[] = [];
    const currentVersion =
      typeof current === 'object' ? current.spec.version : undefined;
    if (
      typeof current === 'object' &&
      current.spec.version === template.spec.version &&
      diffSpecs(current.spec, template.spec).length > 0
    ) {
      warnings.push(
        `The proposal changes ${templateRef} but keeps version ${template.spec.version}: no cluster would be offered the change. Fix: raise spec.version.`,
      );
    }
    return {
      templateRef,
      ...(currentVersion ? { currentVersion } : {}),
      proposedVersion: template.spec.version,
      warnings,
      clusters: clusters.map((cluster): TemplatePlanCluster => {
        const pending = templateUpdate(cluster, template);
        return {
          name: cluster.name,
          environment: cluster.spec.environment,
          ownerRef: cluster.ownerRef,
          phase: cluster.phase,
          fromVersion: cluster.templateVersion,
          changes: pending?.update.changes ?? [],
          ...(pending?.update.blockedBy
            ? { blockedBy: pending.update.blockedBy }
            : {}),
        };
      }),
    };
  }
}

/** The proposal's metadata.name, if an entity can have it (the catalog would refuse it otherwise). */
function entityName(name: unknown): string {
  if (
    typeof name !== 'string' ||
    !KubernetesValidatorFunctions.isValidObjectName(name)
  )
    throw new InputError(
      `template.metadata.name ${JSON.stringify(
        name ?? null,
      )} is not a name an entity can have. Fix: letters, digits, -, _ and ., at most 63, starting and ending with a letter or digit, as in the file the catalog reads.`,
    );
  return name;
}

/** The proposal's metadata.namespace (default when absent), if an entity can have it. */
function entityNamespace(namespace: unknown): string {
  if (namespace === undefined) return 'default';
  if (
    typeof namespace !== 'string' ||
    !KubernetesValidatorFunctions.isValidNamespace(namespace)
  )
    throw new InputError(
      `template.metadata.namespace ${JSON.stringify(
        namespace,
      )} is not a namespace an entity can have. Fix: lower-case letters, digits and -, at most 63, or leave it out for default.`,
    );
  return namespace;
}

import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { applyParameters } from '@complete-clusters/plugin-complete-clusters-common';
import type {
  ClusterTemplateEntity,
  ClusterTemplateSpec,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { NewClusterRequest, Principals } from '../database/types';
import { azureIdsFor } from '../azure/azureIds';
import { nameBasedGuid } from '../plan/nameBasedGuid';
import type { OwnershipPrincipal } from '../plan/subjects';
import { subjectRefs } from '../plan/subjects';

export const EXAMPLES_DIR = path.resolve(
  __dirname,
  '../../../../examples/cluster-templates',
);

/** One of the repo's example ClusterTemplates: developer, testing or production. */
export function exampleTemplate(
  name: 'developer' | 'testing' | 'production',
): ClusterTemplateEntity {
  return parse(
    fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.yaml`), 'utf8'),
  );
}

/** A stand-in Microsoft Entra object id for a user or group of the tests: stable per entity ref. */
export function testObjectId(ref: string): string {
  return nameBasedGuid('test-principal', ref);
}

/** The principals the service would resolve for a spec's role bindings, with {@link testObjectId}. */
export function testPrincipals(
  spec: ClusterTemplateSpec,
  requester: string,
): Principals {
  const principals: Principals = {};
  for (const binding of spec.policies.access.roleBindings) {
    for (const subject of binding.subjects) {
      // Owned by the requester: owner-members stands for the requester alone.
      const owner = requester.toLocaleLowerCase('en-US');
      const context = { requester, owner, ownerMembers: [owner] };
      for (const ref of subjectRefs(subject, context)) {
        const principal: OwnershipPrincipal = {
          objectId: testObjectId(ref),
          type: ref.startsWith('group:') ? 'Group' : 'User',
          ...(subject.kind === 'owner-members' ? { ownerMemberOf: owner } : {}),
        };
        principals[ref] = principal;
      }
    }
  }
  return principals;
}

/**
 * A request for a cluster from one of the examples, as the API would record
 * it: the consumer's answers applied, then `edit` for what a test needs that
 * no consumer could ask for.
 */
export function exampleRequest(
  template: 'developer' | 'testing' | 'production',
  settings: { subscriptionId: string; resourceGroupPrefix: string },
  name: string,
  options: {
    answers?: Record<string, unknown>;
    requester?: string;
    edit?: (spec: ClusterTemplateSpec) => void;
  } = {},
): NewClusterRequest {
  const entity = exampleTemplate(template);
  const answers = options.answers ?? {};
  const spec = applyParameters(template, entity.spec, answers);
  options.edit?.(spec);
  const requester = options.requester ?? 'user:development/guest';
  return {
    name,
    templateRef: `clustertemplate:default/${template}`,
    templateVersion: entity.spec.version,
    parameters: answers,
    spec,
    requestedBy: requester,
    ownerRef: requester,
    principals: testPrincipals(spec, requester),
    azure: azureIdsFor(settings, name, spec.infrastructure.location),
  };
}

/** {@link exampleRequest} for the `developer` example. */
export function developerRequest(
  settings: { subscriptionId: string; resourceGroupPrefix: string },
  name: string,
  options: {
    answers?: Record<string, unknown>;
    requester?: string;
    edit?: (spec: ClusterTemplateSpec) => void;
  } = {},
): NewClusterRequest {
  return exampleRequest('developer', settings, name, options);
}

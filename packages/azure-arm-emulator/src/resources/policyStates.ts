import { errors } from '../errors';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { parseScope } from './scopes';

/**
 * Policy Insights compliance states (`POST {scope}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults`):
 * one record per managed cluster under the scope and policy assignment
 * covering it. The emulator evaluates no policy: a cluster that has finished
 * provisioning is `Compliant`, one still provisioning is not yet evaluated
 * and has no record, as Azure reports nothing before its first evaluation.
 */
export function queryPolicyStates(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const scope = parseScope(req.params.scope);
  if (!scope || scope.kind === 'tenant')
    throw errors.notEmulated(req.method, req.path);
  if (req.params.policyStatesResource.toLowerCase() !== 'latest') {
    throw errors.notEmulated(req.method, req.path);
  }
  const resources = [...ctx.state.resources.values()];
  const clusters = resources.filter(
    r =>
      r.kind === 'managedCluster' &&
      (r.key === scope.key || r.key.startsWith(`${scope.key}/`)) &&
      r.resource.properties.provisioningState === 'Succeeded',
  );
  const assignments = resources.filter(r => r.kind === 'policyAssignment');
  const covers = (a: StoredResource, c: StoredResource) => {
    const s = String(a.scope ?? '').toLowerCase();
    if (!(c.key === s || c.key.startsWith(`${s}/`))) return false;
    const notScopes: string[] = a.resource.properties.notScopes ?? [];
    return !notScopes.some(
      n => c.key === n.toLowerCase() || c.key.startsWith(`${n.toLowerCase()}/`),
    );
  };
  const context = `${req.baseUrl}/providers/Microsoft.PolicyInsights/$metadata#policyStates/$entity`;
  const value = clusters.flatMap(c =>
    assignments
      .filter(a => covers(a, c))
      .map(a => {
        const definitionId: string =
          a.resource.properties.policyDefinitionId ?? '';
        const isSet = /\/policySetDefinitions\//i.test(definitionId);
        return {
          '@odata.id': null,
          '@odata.context': context,
          timestamp: new Date(ctx.now()).toISOString(),
          resourceId: c.id,
          policyAssignmentId: a.id,
          policyDefinitionId: isSet ? '' : definitionId,
          effectiveParameters: '',
          isCompliant: true,
          subscriptionId: c.subscriptionId,
          resourceType: 'Microsoft.ContainerService/managedClusters',
          resourceLocation: c.resource.location,
          resourceGroup: c.resourceGroup,
          resourceTags: 'tbd',
          policyAssignmentName: a.name,
          policyAssignmentOwner: 'tbd',
          policyAssignmentParameters: JSON.stringify(
            a.resource.properties.parameters ?? {},
          ),
          policyAssignmentScope: a.scope,
          policyDefinitionName: definitionId.split('/').pop() ?? '',
          policyDefinitionAction: String(
            a.resource.properties.parameters?.effect?.value ?? 'audit',
          ).toLowerCase(),
          policyDefinitionCategory: 'tbd',
          policySetDefinitionId: isSet ? definitionId : '',
          policySetDefinitionName: isSet ? definitionId.split('/').pop() : '',
          complianceState: 'Compliant',
        };
      }),
  );
  return {
    status: 200,
    body: { '@odata.context': context, '@odata.count': value.length, value },
  };
}

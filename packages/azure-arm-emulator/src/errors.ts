/**
 * ARM error bodies: `{ error: { code, message, target?, details? } }`.
 */
export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ArmErrorDetail[];
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
    readonly details?: ArmErrorDetail[],
  ) {
    super(message);
  }

  toBody(): { error: ArmErrorDetail } {
    return armErrorBody(this.code, this.message, this.target, this.details);
  }
}

/**
 * An error as the AKS resource provider itself writes it. AKS does not wrap
 * its errors in ARM's `{ error: ... }` envelope: the body is the error object,
 * with `details: null` and an empty `subcode`, e.g. (as logged by Terraform's
 * go-azure-sdk, which prints bodies it cannot parse as ARM errors verbatim):
 *
 *   { "code": "ErrCode_InsufficientVCPUQuota", "details": null,
 *     "message": "Insufficient regional vcpu quota left for location eastus. ...",
 *     "subcode": "" }
 *
 * The Azure SDK reads `code` and `message` from either shape.
 */
export class AksError extends ArmError {
  /** AKS's finer reason beside `code`; empty in most of its errors. */
  subcode = '';

  toBody(): any {
    const body: Record<string, unknown> = {
      code: this.code,
      details: null,
      message: this.message,
      subcode: this.subcode,
    };
    if (this.target !== undefined) body.target = this.target;
    return body;
  }
}

/** The tail AKS appends to every ErrCode_InsufficientVCPUQuota message. */
export const QUOTA_HELP =
  'If you want to increase the quota, please follow this instruction: https://learn.microsoft.com/en-us/azure/quotas/view-quotas. ' +
  'Surge nodes would also consume vcpu quota, please consider use smaller maxSurge or use maxUnavailable to proceed upgrade without surge nodes, details: aka.ms/aks/maxUnavailable.';

export function armErrorBody(
  code: string,
  message: string,
  target?: string,
  details?: ArmErrorDetail[],
): { error: ArmErrorDetail } {
  const error: ArmErrorDetail = { code, message };
  if (target !== undefined) error.target = target;
  if (details !== undefined) error.details = details;
  return { error };
}

export const errors = {
  invalidApiVersion: (version: string, supported: readonly string[]) =>
    new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${[
        ...supported,
      ]
        .reverse()
        .join(',')}'.`,
    ),
  noRegisteredProviderFound: (
    location: string,
    version: string,
    type: string,
    supported: readonly string[],
    locations: readonly string[],
  ) =>
    new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version '${version}' for type '${type}'. ` +
        `The supported api-versions are '${supported.join(
          ', ',
        )}'. The supported locations are '${locations.join(', ')}'.`,
    ),
  subscriptionNotFound: (subscriptionId: string) =>
    new ArmError(
      404,
      'SubscriptionNotFound',
      `The subscription '${subscriptionId}' could not be found.`,
    ),
  invalidAuthenticationToken: (detail: string) =>
    new ArmError(
      401,
      'InvalidAuthenticationToken',
      `The access token is invalid. ${detail}`,
      undefined,
      {
        'WWW-Authenticate':
          'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token is invalid."',
      },
    ),
  invalidAudience: (audience: string, allowed: readonly string[]) =>
    new ArmError(
      401,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences ${allowed
        .map(a => `'${a}'`)
        .join(',')}.`,
      undefined,
      {
        'WWW-Authenticate':
          'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token is from wrong audience or resource."',
      },
    ),
  expiredAuthenticationToken: (expiredAt: string, now: string) =>
    new ArmError(
      401,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${expiredAt}' is earlier than current UTC time '${now}'.`,
      undefined,
      {
        'WWW-Authenticate':
          'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The access token has expired."',
      },
    ),
  notEmulated: (method: string, path: string) =>
    new ArmError(
      501,
      'NotImplemented',
      `The Azure Resource Manager emulator does not emulate ${method} ${path}. Azure may serve it; the emulator cannot answer it as Azure would (see "What is emulated" in packages/azure-arm-emulator/README.md).`,
    ),
  /** AKS's own refusals of a cluster or pool body (AKS writes its errors without ARM's envelope). */
  aksInvalidParameter: (target: string, message: string) =>
    new AksError(400, 'InvalidParameter', message, target),
  kubernetesVersionNotSupported: (version: string) =>
    new AksError(
      400,
      'AgentPoolK8sVersionNotSupported',
      `Version ${version} is not supported in this region. Please use [az aks get-versions] command to get the supported version list in this region. For more information, please check https://aka.ms/supported-version-list`,
    ),
  missingApiVersion: () =>
    new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    ),
  authenticationFailed: () =>
    new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      undefined,
      {
        'WWW-Authenticate':
          'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
      },
    ),
  invalidParameter: (target: string, message: string) =>
    new ArmError(400, 'InvalidParameter', message, target),
  invalidRequestContent: (message: string) =>
    new ArmError(400, 'InvalidRequestContent', message),
  resourceGroupNotFound: (rg: string) =>
    new ArmError(
      404,
      'ResourceGroupNotFound',
      `Resource group '${rg}' could not be found.`,
    ),
  resourceNotFound: (type: string, name: string, rg: string) =>
    new ArmError(
      404,
      'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  notFound: (path: string) =>
    new ArmError(
      404,
      'InvalidResourceType',
      `The resource type could not be found for the request path '${path}'.`,
    ),
  methodNotAllowed: (method: string) =>
    new ArmError(
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${method}'.`,
    ),
  preconditionFailed: (message: string) =>
    new ArmError(412, 'PreconditionFailed', message),
  operationNotAllowed: (message: string) =>
    new ArmError(409, 'OperationNotAllowed', message),
  throttled: (retryAfterSeconds: number, scope: string) =>
    new ArmError(
      429,
      'TooManyRequests',
      `Number of '${scope}' requests for subscription exceeded the limit. Please try again after ${retryAfterSeconds} seconds.`,
      undefined,
      { 'Retry-After': String(retryAfterSeconds) },
      [
        {
          code: 'SubscriptionRequestsThrottled',
          message: `Number of '${scope}' requests for subscription exceeded the limit.`,
        },
      ],
    ),
  /**
   * ARM, before the request reaches AKS, for a managed cluster in a region the
   * resource type is not offered in. Shape as reported against
   * Microsoft.ContainerService/managedClusters in Azure/AKS#5099 and
   * Azure/pcs-cli#409: 400, `{ error: { code, message } }`.
   */
  locationNotAvailableForResourceType: (
    location: string,
    type: string,
    available: readonly string[],
  ) =>
    new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${location}' is not available for resource type '${type}'. List of available regions for the resource type is '${available.join(
        ',',
      )}'.`,
    ),
  /**
   * ARM for a resource group in an unknown region (as printed by the Azure CLI
   * and Terraform, e.g. "The provided location 'southasia' is not available for
   * resource group. List of available regions is 'centralus,eastasia,...'.").
   */
  locationNotAvailableForResourceGroup: (
    location: string,
    available: readonly string[],
  ) =>
    new ArmError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${location}' is not available for resource group. List of available regions is '${available.join(
        ',',
      )}'.`,
    ),
  /** ARM, for a write into a resource group that is being deleted (409, as the Azure CLI shows it). */
  resourceGroupBeingDeleted: (rg: string) =>
    new ArmError(
      409,
      'ResourceGroupBeingDeleted',
      `The resource group '${rg}' is in deprovisioning state and cannot perform this operation.`,
    ),
  /**
   * AKS, synchronously (400 on the PUT), for a VM size the subscription cannot
   * use in the location. Code and text as AKS returned them to the azurerm
   * Terraform provider (quickstart end-to-end test logs, 2025-26):
   * "The VM size of Standard_D2_v2 is not allowed in your subscription in
   * location 'eastus'. The available VM sizes are 'standard_b16pls_v2,...'
   * For more details, please visit https://aka.ms/aks/quotas-skus-regions".
   * AKS answers an unknown size the same way: it is simply not in the list.
   */
  vmSizeNotAllowed: (
    vmSize: string,
    location: string,
    available: readonly string[],
  ) =>
    new AksError(
      400,
      'BadRequest',
      `The VM size of ${vmSize} is not allowed in your subscription in location '${location}'. The available VM sizes are '${available.join(
        ',',
      )}' For more details, please visit https://aka.ms/aks/quotas-skus-regions`,
    ),
  /**
   * AKS, synchronously (400 on the PUT of the cluster or pool), when the nodes
   * it would create exceed the VM family's vCPU quota in the region. Text as
   * returned to Terraform when creating an agent pool: "Insufficient vcpu quota
   * requested 24, remaining 6 for family standardEASv4Family for region
   * northeurope. If you want to increase the quota, ...".
   */
  insufficientFamilyQuota: (
    requested: number,
    remaining: number,
    family: string,
    location: string,
  ) =>
    new AksError(
      400,
      'ErrCode_InsufficientVCPUQuota',
      `Insufficient vcpu quota requested ${requested}, remaining ${remaining} for family ${family} for region ${location}. ${QUOTA_HELP}`,
    ),
  /**
   * AKS, as above, against the "Total Regional vCPUs" quota (usage name
   * `cores`): "Insufficient regional vcpu quota left for location eastus. left
   * regional vcpu quota 0, requested quota 6. If you want to increase ...".
   */
  insufficientRegionalQuota: (
    location: string,
    remaining: number,
    requested: number,
  ) =>
    new AksError(
      400,
      'ErrCode_InsufficientVCPUQuota',
      `Insufficient regional vcpu quota left for location ${location}. left regional vcpu quota ${remaining}, requested quota ${requested}. ${QUOTA_HELP}`,
    ),
  /**
   * AKS, synchronously on the PUT of a new managed cluster, when the
   * subscription already has as many managed clusters in the region as its
   * managed-cluster quota allows. The message is the one the AKS docs give
   * (learn.microsoft.com/azure/aks/quotas-skus-regions, "Quota limits on AKS
   * managed clusters", 2026-08), whose text starts with
   * `ManagedClusterCountExceedsQuotaLimit`; clients print the code as
   * `QuotaExceeded` (microsoft/aspire#19701: "(QuotaExceeded) Operation
   * results in exceeding quota limits for managed clusters. Maximum allowed:
   * 20, Current usage: 20, Additional requested: 1."). So: code
   * `QuotaExceeded`, subcode `ManagedClusterCountExceedsQuotaLimit`. The HTTP
   * status is not documented; 400 as AKS's other synchronous quota refusals.
   */
  managedClusterQuotaExceeded: (limit: number, used: number) => {
    const e = new AksError(
      400,
      'QuotaExceeded',
      `Operation results in exceeding quota limits for managed clusters. Maximum allowed: ${limit}, Current usage: ${used}, Additional requested: 1. Consider deleting unused clusters or requesting a quota increase. To request a quota increase, follow the instructions here: https://learn.microsoft.com/azure/quotas/quickstart-increase-quota-portal.`,
    );
    e.subcode = 'ManagedClusterCountExceedsQuotaLimit';
    return e;
  },
  /**
   * ARM's linked-access check of a resource id inside a request body, as
   * returned for an AKS PUT whose omsagent add-on names no workspace
   * (Azure/azure-cli#29210): 400 LinkedInvalidPropertyId "Property id '' at
   * path 'properties.addonProfiles.omsagent.config.LogAnalyticsWorkspaceResourceID'
   * is invalid. Expect fully qualified resource Id that start with
   * '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'."
   */
  linkedInvalidPropertyId: (id: string, path: string) =>
    new ArmError(
      400,
      'LinkedInvalidPropertyId',
      `Property id '${id}' at path '${path}' is invalid. Expect fully qualified resource Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'.`,
    ),
  /**
   * Validation errors of Microsoft.KubernetesConfiguration (extensions, Flux
   * configurations). The RP answers 400 with code `BadRequest` (as seen in
   * Azure/azure-powershell#24321); the messages are the emulator's own.
   */
  kubernetesConfigurationBadRequest: (message: string, target?: string) =>
    new ArmError(400, 'BadRequest', message, target),
  /** 409 while a cluster or extension is not in a state that accepts the write (emulator's own wording). */
  kubernetesConfigurationConflict: (message: string) =>
    new ArmError(409, 'OperationNotAllowed', message),
  /**
   * Azure Policy, for an assignment of an unknown definition. Code and message
   * as returned to ARM deployments (Azure/Enterprise-Scale#804): "The policy
   * assignment create request is invalid. The policy definition '…' could not
   * be found." The deployment reports it as BadRequest, so the PUT is a 400.
   */
  policyDefinitionNotFoundForAssignment: (id: string, set: boolean) =>
    new ArmError(
      400,
      set ? 'PolicySetDefinitionNotFound' : 'PolicyDefinitionNotFound',
      `The policy assignment create request is invalid. The policy ${
        set ? 'set definition' : 'definition'
      } '${id}' could not be found.`,
    ),
  /**
   * GET of an unknown definition: 404 "The policy definition 'x' could not be
   * found." (Terraform output in Azure/Azure-Landing-Zones#3865; the set
   * variant as in the EPAC troubleshooting notes).
   */
  policyDefinitionNotFound: (name: string, set: boolean) =>
    new ArmError(
      404,
      set ? 'PolicySetDefinitionNotFound' : 'PolicyDefinitionNotFound',
      `The policy ${
        set ? 'set definition' : 'definition'
      } '${name}' could not be found.`,
    ),
  /**
   * Azure Policy, a parameter the definition does not declare (Terraform output
   * in Azure/terraform-azurerm-caf-enterprise-scale#282): "The policy assignment
   * 'Deploy-MDFC-Config' has the parameter(s) 'a,b' which are not defined in
   * the policy definition 'Deploy-MDFC-Config'."
   */
  undefinedPolicyParameter: (
    assignment: string,
    names: string[],
    definition: string,
  ) =>
    new ArmError(
      400,
      'UndefinedPolicyParameter',
      `The policy assignment '${assignment}' has the parameter(s) '${names.join(
        ',',
      )}' which are not defined in the policy definition '${definition}'.`,
    ),
  /** The counterpart for a required parameter left out; message modeled on UndefinedPolicyParameter (emulator's wording). */
  missingPolicyParameter: (
    assignment: string,
    names: string[],
    definition: string,
  ) =>
    new ArmError(
      400,
      'MissingPolicyParameter',
      `The policy assignment '${assignment}' has the missing parameter(s) '${names.join(
        ',',
      )}' which are defined in the policy definition '${definition}'.`,
    ),
  /**
   * Azure Policy, a value outside allowedValues (case-sensitive). Text as in
   * Azure/terraform-azurerm-caf-enterprise-scale#1313 (2025): "The value 'deny'
   * is not allowed for policy parameter 'effect' in policy definition
   * '1c6e92c9-… version 8.0.0'. The allowed values are 'Audit, Deny, Disabled'."
   */
  policyParameterValueNotAllowed: (
    value: unknown,
    parameter: string,
    definition: string,
    allowed: unknown[],
  ) =>
    new ArmError(
      400,
      'PolicyParameterValueNotAllowed',
      `The value '${
        typeof value === 'string' ? value : JSON.stringify(value)
      }' is not allowed for policy parameter '${parameter}' in ${definition}. The allowed values are '${allowed
        .map(v => (typeof v === 'string' ? v : JSON.stringify(v)))
        .join(', ')}'.`,
    ),
  /** A parameter value of the wrong type: the real code (Azure/Enterprise-Scale#399), the emulator's wording. */
  invalidPolicyParameters: (message: string) =>
    new ArmError(400, 'InvalidPolicyParameters', message),
  /** 404 for GET of a missing policy assignment (code as Azure Policy names it; wording the emulator's). */
  policyAssignmentNotFound: (name: string) =>
    new ArmError(
      404,
      'PolicyAssignmentNotFound',
      `The policy assignment '${name}' is not found.`,
    ),
  /**
   * Azure RBAC, a role assignment name that is not a GUID (Azure/azure-service-operator#2586):
   * "The role assignment ID 'x' is not valid. The role assignment ID must be a GUID."
   */
  invalidRoleAssignmentId: (name: string) =>
    new ArmError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    ),
  /**
   * Azure RBAC, a missing principal ("A valid principal ID must be provided
   * for role assignment.", Azure-Samples/azure-search-openai-demo#2848) or one
   * that is not a GUID ("The Principal ID 'User' is not valid. Principal ID
   * must be a GUID.", Azure/azure-powershell#16627).
   */
  invalidPrincipalId: (principalId: unknown) =>
    new ArmError(
      400,
      'InvalidPrincipalId',
      principalId === undefined || principalId === null || principalId === ''
        ? 'A valid principal ID must be provided for role assignment.'
        : `The Principal ID '${String(
            principalId,
          )}' is not valid. Principal ID must be a GUID.`,
    ),
  /**
   * Azure RBAC, an unknown role (Terraform output quoted in the CAF
   * enterprise-scale troubleshooting page): "The specified role definition
   * with ID 'x' does not exist." 400 on an assignment PUT, 404 on a GET.
   */
  roleDefinitionDoesNotExist: (id: string, status: 400 | 404) =>
    new ArmError(
      status,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${id}' does not exist.`,
    ),
  /** Azure RBAC, azure-cli PR #8599 and azd issues: 409 "The role assignment already exists." */
  roleAssignmentExists: () =>
    new ArmError(
      409,
      'RoleAssignmentExists',
      'The role assignment already exists.',
    ),
  /** Azure RBAC (Azure/Azure-Landing-Zones#2040): 409 on a PUT that changes an assignment's principal, role or scope. */
  roleAssignmentUpdateNotPermitted: () =>
    new ArmError(
      409,
      'RoleAssignmentUpdateNotPermitted',
      'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.',
    ),
  /**
   * Azure RBAC, body scope differing from the URL (MicrosoftDocs/azure-docs#62786):
   * "The request to create role assignment 'x' is not valid. Role assignment
   * scope 'a' must match the scope specified on the URI 'b'."
   */
  roleAssignmentScopeMismatch: (
    name: string,
    bodyScope: string,
    uriScope: string,
  ) =>
    new ArmError(
      400,
      'InvalidCreateRoleAssignmentRequest',
      `The request to create role assignment '${name}' is not valid. Role assignment scope '${bodyScope}' must match the scope specified on the URI '${uriScope}'.`,
    ),
  /** 404 for GET of a missing role assignment (code as in azure-powershell scripts; wording the emulator's). */
  roleAssignmentNotFound: (name: string) =>
    new ArmError(
      404,
      'RoleAssignmentNotFound',
      `The role assignment '${name}' is not found.`,
    ),
  /**
   * Azure RBAC (Kong Cloud Gateway docs, azure-sdk-for-net tests: 409):
   * "A custom role with the same name already exists in this directory."
   */
  roleDefinitionWithSameNameExists: () =>
    new ArmError(
      409,
      'RoleDefinitionWithSameNameExists',
      'A custom role with the same name already exists in this directory. Use a different name.',
    ),
  /**
   * Azure RBAC, deleting a custom role still assigned (MicrosoftDocs/azure-docs
   * custom-roles troubleshooting): "There are existing role assignments
   * referencing role (code: RoleDefinitionHasAssignments)".
   */
  roleDefinitionHasAssignments: () =>
    new ArmError(
      409,
      'RoleDefinitionHasAssignments',
      'There are existing role assignments referencing role',
    ),
  /**
   * Azure RBAC, a data action no provider offers (terraform-provider-azurerm#24576,
   * logs quoted in several repositories): "'Microsoft.Storage/…/containers/read'
   * does not match any of the actions supported by the providers."
   */
  invalidDataAction: (action: string) =>
    new ArmError(
      400,
      'InvalidDataActionOrNotDataAction',
      `'${action}' does not match any of the actions supported by the providers.`,
    ),
  /** The same check for actions/notActions (code by analogy with the data-action one; emulator's choice). */
  invalidAction: (action: string) =>
    new ArmError(
      400,
      'InvalidActionOrNotAction',
      `'${action}' does not match any of the actions supported by the providers.`,
    ),
  /**
   * ARM, for a resource that must have a location and was sent without one
   * (e.g. a policy assignment with a managed identity): 400 LocationRequired
   * "The location property is required for this definition."
   */
  locationRequired: () =>
    new ArmError(
      400,
      'LocationRequired',
      'The location property is required for this definition.',
    ),
  /** A role definition name that is not a GUID; code and text modeled on InvalidRoleAssignmentId (emulator's). */
  invalidRoleDefinitionId: (name: string) =>
    new ArmError(
      400,
      'InvalidRoleDefinitionId',
      `The role definition ID '${name}' is not valid. The role definition ID must be a GUID.`,
    ),
  /** Role definition validation the emulator could not find Azure's text for (emulator's own code and wording). */
  invalidRoleDefinition: (message: string) =>
    new ArmError(400, 'InvalidRoleDefinition', message),
  internal: () =>
    new ArmError(
      500,
      'InternalServerError',
      'An internal server error occurred. Please retry the request.',
    ),
  /** A region that does not answer (the emulator's unreachableRegions fault; emulator's own wording). */
  regionUnavailable: (region: string) =>
    new ArmError(
      503,
      'ServiceUnavailable',
      `The service is unavailable in region '${region}'. Please retry the request later.`,
    ),
};

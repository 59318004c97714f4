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
  toBody(): any {
    const body: Record<string, unknown> = { code: this.code, details: null, message: this.message, subcode: '' };
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
  missingApiVersion: () =>
    new ArmError(
      400,
      'MissingApiVersionParameter',
      "The api-version query parameter (?api-version=) is required for all requests.",
    ),
  authenticationFailed: () =>
    new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
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
  locationNotAvailableForResourceType: (location: string, type: string, available: readonly string[]) =>
    new ArmError(
      400,
      'LocationNotAvailableForResourceType',
      `The provided location '${location}' is not available for resource type '${type}'. List of available regions for the resource type is '${available.join(',')}'.`,
    ),
  /**
   * ARM for a resource group in an unknown region (as printed by the Azure CLI
   * and Terraform, e.g. "The provided location 'southasia' is not available for
   * resource group. List of available regions is 'centralus,eastasia,...'.").
   */
  locationNotAvailableForResourceGroup: (location: string, available: readonly string[]) =>
    new ArmError(
      400,
      'LocationNotAvailableForResourceGroup',
      `The provided location '${location}' is not available for resource group. List of available regions is '${available.join(',')}'.`,
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
  vmSizeNotAllowed: (vmSize: string, location: string, available: readonly string[]) =>
    new AksError(
      400,
      'BadRequest',
      `The VM size of ${vmSize} is not allowed in your subscription in location '${location}'. The available VM sizes are '${available.join(',')}' For more details, please visit https://aka.ms/aks/quotas-skus-regions`,
    ),
  /**
   * AKS, synchronously (400 on the PUT of the cluster or pool), when the nodes
   * it would create exceed the VM family's vCPU quota in the region. Text as
   * returned to Terraform when creating an agent pool: "Insufficient vcpu quota
   * requested 24, remaining 6 for family standardEASv4Family for region
   * northeurope. If you want to increase the quota, ...".
   */
  insufficientFamilyQuota: (requested: number, remaining: number, family: string, location: string) =>
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
  insufficientRegionalQuota: (location: string, remaining: number, requested: number) =>
    new AksError(
      400,
      'ErrCode_InsufficientVCPUQuota',
      `Insufficient regional vcpu quota left for location ${location}. left regional vcpu quota ${remaining}, requested quota ${requested}. ${QUOTA_HELP}`,
    ),
  internal: () =>
    new ArmError(
      500,
      'InternalServerError',
      'An internal server error occurred. Please retry the request.',
    ),
};

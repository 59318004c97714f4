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
  internal: () =>
    new ArmError(
      500,
      'InternalServerError',
      'An internal server error occurred. Please retry the request.',
    ),
};

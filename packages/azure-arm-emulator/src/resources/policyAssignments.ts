import { randomUUID } from 'node:crypto';
import { PolicyParameter } from '../catalog/policyDefinitions';
import { ArmError, errors } from '../errors';
import { settleOperations } from '../lro/operations';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { canonicalJson, clone, isObject } from '../util';
import { pageOf, parseFilter, resourcesOfKind, TENANT_ID } from './common';
import {
  ResolvedDefinition,
  resolvePolicyDefinition,
} from './policyDefinitions';
import { covers, resolveScope } from './scopes';

export const POLICY_ASSIGNMENT_TYPE =
  'Microsoft.Authorization/policyAssignments';

/** Properties a client may set; the rest (scope, instanceId, …) are Azure's. */
const WRITABLE = [
  'displayName',
  'description',
  'metadata',
  'policyDefinitionId',
  'definitionVersion',
  'notScopes',
  'parameters',
  'enforcementMode',
  'nonComplianceMessages',
  'resourceSelectors',
  'overrides',
  'assignmentType',
];

function assignmentKey(scopeKey: string, name: string) {
  return `${scopeKey}/providers/microsoft.authorization/policyassignments/${name}`.toLowerCase();
}

function typeMatches(type: PolicyParameter['type'], value: unknown) {
  switch (type) {
    case 'String':
    case 'DateTime':
      return typeof value === 'string';
    case 'Array':
      return Array.isArray(value);
    case 'Object':
      return isObject(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Integer':
      return Number.isInteger(value);
    case 'Float':
      return typeof value === 'number';
    default:
      return true;
  }
}

/** Checks assignment parameters against the definition's, as Azure Policy does (codes and texts in errors.ts). */
function checkParameters(
  assignment: string,
  def: ResolvedDefinition,
  given: unknown,
) {
  if (given !== undefined && given !== null && !isObject(given)) {
    throw errors.invalidPolicyParameters(
      `The parameters of policy assignment '${assignment}' must be an object of '{ "value": … }' entries.`,
    );
  }
  const values = (given ?? {}) as Record<string, any>;
  const declared = def.parameters;
  const undefinedNames = Object.keys(values).filter(
    n => !Object.prototype.hasOwnProperty.call(declared, n),
  );
  if (undefinedNames.length)
    throw errors.undefinedPolicyParameter(assignment, undefinedNames, def.name);
  const missing = Object.entries(declared)
    .filter(([n, p]) => p.defaultValue === undefined && !(n in values))
    .map(([n]) => n);
  if (missing.length)
    throw errors.missingPolicyParameter(assignment, missing, def.name);
  const label = `${def.set ? 'policy set definition' : 'policy definition'} '${
    def.name
  } version ${def.version}'`;
  for (const [n, entry] of Object.entries(values)) {
    const p = declared[n];
    if (!isObject(entry) || !('value' in entry)) {
      throw errors.invalidPolicyParameters(
        `The policy assignment '${assignment}' parameter '${n}' must be an object with a 'value'.`,
      );
    }
    const value = entry.value;
    if (!typeMatches(p.type, value)) {
      throw errors.invalidPolicyParameters(
        `The policy assignment '${assignment}' parameter '${n}' has a value of the wrong type: the ${label} declares it as '${p.type}'.`,
      );
    }
    if (p.allowedValues) {
      const allowed = p.allowedValues.map(v => canonicalJson(v));
      for (const v of Array.isArray(value) && p.type === 'Array'
        ? value
        : [value]) {
        if (!allowed.includes(canonicalJson(v)))
          throw errors.policyParameterValueNotAllowed(
            v,
            n,
            label,
            p.allowedValues,
          );
      }
    }
  }
}

function fillIdentity(identity: any, previous: any) {
  const out = clone(identity);
  if (out.type === 'SystemAssigned') {
    out.principalId =
      previous?.type === 'SystemAssigned' ? previous.principalId : randomUUID();
    out.tenantId = TENANT_ID;
  }
  if (out.type === 'UserAssigned' && isObject(out.userAssignedIdentities)) {
    for (const [id, v] of Object.entries(out.userAssignedIdentities)) {
      out.userAssignedIdentities[id] = {
        principalId: randomUUID(),
        clientId: randomUUID(),
        ...(isObject(v) ? v : {}),
      };
    }
  }
  return out;
}

/**
 * PUT /{scope}/providers/Microsoft.Authorization/policyAssignments/{name}.
 * Synchronous. Azure Policy answers 201 to a create and to a replace alike:
 * the REST spec and @azure/arm-policy (`policyAssignments.create` accepts
 * only "201") know no 200.
 */
/**
 * Azure's rule for policy assignment names below a management group
 * (resource-name-rules, Microsoft.Authorization/policyAssignments): 1-64
 * characters, none of `<>*%&:\?.+/` or control characters, not ending with a space.
 */
function validateAssignmentName(name: string) {
  if (name.length > 64) {
    throw new ArmError(
      400,
      'InvalidPolicyAssignmentName',
      `The policy assignment name '${name}' is invalid. The policy assignment name length must not exceed '64' characters.`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[<>*%&:\\?.+/\u0000-\u001f]/.test(name) || name.endsWith(' ')) {
    throw new ArmError(
      400,
      'InvalidPolicyAssignmentName',
      `The policy assignment name '${name}' is invalid. The name cannot contain '<', '>', '*', '%', '&', ':', '\\', '?', '.', '+', '/' or control characters, and cannot end with a space.`,
    );
  }
}

export function putPolicyAssignment(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const name = req.params.policyAssignmentName;
  const { scope, parent, resourceGroupName } = resolveScope(
    ctx,
    req.params.scope,
    { write: true, requestPath: req.path },
  );
  validateAssignmentName(name);
  const body = req.body;
  if (!isObject(body) || !isObject(body.properties)) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  const props = body.properties;
  if (
    typeof props.policyDefinitionId !== 'string' ||
    !props.policyDefinitionId
  ) {
    throw errors.invalidRequestContent(
      `The policy assignment '${name}' is missing the required property 'policyDefinitionId'.`,
    );
  }
  const def = resolvePolicyDefinition(ctx, props.policyDefinitionId);
  if (!def) {
    throw errors.policyDefinitionNotFoundForAssignment(
      props.policyDefinitionId,
      /\/policySetDefinitions\//i.test(props.policyDefinitionId),
    );
  }
  checkParameters(name, def, props.parameters);
  const enforcementMode = props.enforcementMode ?? 'Default';
  if (enforcementMode !== 'Default' && enforcementMode !== 'DoNotEnforce') {
    throw errors.invalidRequestContent(
      `The policy assignment '${name}' has an invalid enforcementMode '${String(
        enforcementMode,
      )}'. Allowed values are 'Default' and 'DoNotEnforce'.`,
    );
  }
  if (
    props.notScopes !== undefined &&
    (!Array.isArray(props.notScopes) ||
      props.notScopes.some((s: unknown) => typeof s !== 'string'))
  ) {
    throw errors.invalidRequestContent(
      `The notScopes of policy assignment '${name}' must be a list of scopes.`,
    );
  }
  const major = String(def.version).split('.')[0];
  const definitionVersion = props.definitionVersion ?? `${major}.*.*`;
  if (
    typeof definitionVersion !== 'string' ||
    !/^\d+\.(\*|\d+)\.(\*|\d+)$/.test(definitionVersion)
  ) {
    throw errors.invalidRequestContent(
      `The definitionVersion '${String(
        definitionVersion,
      )}' of policy assignment '${name}' is invalid. Use '<major>.*.*'.`,
    );
  }
  const identity = body.identity;
  if (identity !== undefined && identity !== null) {
    if (
      !isObject(identity) ||
      !['SystemAssigned', 'UserAssigned', 'None'].includes(identity.type)
    ) {
      throw errors.invalidRequestContent(
        `The identity type of policy assignment '${name}' must be 'SystemAssigned', 'UserAssigned' or 'None'.`,
      );
    }
    // ARM's answer for a resource that needs a location and has none.
    if (
      identity.type !== 'None' &&
      (typeof body.location !== 'string' || !body.location)
    ) {
      throw errors.locationRequired();
    }
  }

  const key = assignmentKey(scope.key, name);
  const existing = ctx.state.resources.get(key);
  const resolvedName = existing?.name ?? name;
  const properties: Record<string, any> = {};
  for (const k of WRITABLE)
    if (props[k] !== undefined) properties[k] = clone(props[k]);
  Object.assign(properties, {
    definitionVersion,
    notScopes: properties.notScopes ?? [],
    enforcementMode,
    scope: existing?.scope ?? scope.path,
    instanceId: existing?.resource.properties.instanceId ?? randomUUID(),
  });
  const resource: Record<string, any> = { properties };
  if (identity !== undefined && identity !== null)
    resource.identity = fillIdentity(identity, existing?.resource.identity);
  if (body.location !== undefined) resource.location = body.location;
  const id = `${properties.scope}/providers/Microsoft.Authorization/policyAssignments/${resolvedName}`;
  Object.assign(resource, {
    id,
    type: POLICY_ASSIGNMENT_TYPE,
    name: resolvedName,
  });
  const stored: StoredResource = {
    key,
    kind: 'policyAssignment',
    id,
    name: resolvedName,
    subscriptionId: scope.subscriptionId ?? '',
    resourceGroup: resourceGroupName,
    parentKey: parent?.key,
    scope: properties.scope,
    resource,
    eTag: '',
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
  };
  ctx.state.resources.set(key, stored);
  return { status: 201, body: clone(resource) };
}

function findAssignment(ctx: EmulatorContext, req: ArmRequest) {
  const { scope } = resolveScope(ctx, req.params.scope, {
    requestPath: req.path,
  });
  return ctx.state.resources.get(
    assignmentKey(scope.key, req.params.policyAssignmentName),
  );
}

export function getPolicyAssignment(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const found = findAssignment(ctx, req);
  if (!found)
    throw errors.policyAssignmentNotFound(req.params.policyAssignmentName);
  return { status: 200, body: clone(found.resource) };
}

/** DELETE: 200 with the deleted assignment, 204 when there is none (the spec's responses). */
export function deletePolicyAssignment(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { scope } = resolveScope(ctx, req.params.scope, {
    write: true,
    requestPath: req.path,
  });
  const key = assignmentKey(scope.key, req.params.policyAssignmentName);
  const found = ctx.state.resources.get(key);
  if (!found) return { status: 204 };
  ctx.state.resources.delete(key);
  return { status: 200, body: clone(found.resource) };
}

/**
 * GET /{scope}/providers/Microsoft.Authorization/policyAssignments. Without a
 * filter: assignments at the scope, above it and below it; `atScope()`: at
 * and above; `atExactScope()`: at; `policyDefinitionId eq '…'`: at and above,
 * of that definition (the SDK's documentation of the list operations).
 */
export function listPolicyAssignments(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { scope } = resolveScope(ctx, req.params.scope, {
    requestPath: req.path,
  });
  const clauses = parseFilter(req.query.get('$filter'));
  if (!clauses)
    throw errors.invalidParameter(
      '$filter',
      `The $filter '${req.query.get('$filter')}' is not supported.`,
    );
  let mode: 'all' | 'atScope' | 'atExactScope' = 'all';
  let definitionId: string | undefined;
  for (const c of clauses) {
    if ('fn' in c && (c.fn === 'atScope' || c.fn === 'atExactScope'))
      mode = c.fn;
    else if ('field' in c && c.field.toLowerCase() === 'policydefinitionid')
      definitionId = c.value.toLowerCase();
    else
      throw errors.invalidParameter(
        '$filter',
        `The $filter '${req.query.get('$filter')}' is not supported.`,
      );
  }
  if (definitionId && mode === 'all') mode = 'atScope';
  const items = resourcesOfKind(ctx, r => {
    if (r.kind !== 'policyAssignment' || !r.scope) return false;
    if (
      definitionId &&
      String(r.resource.properties.policyDefinitionId).toLowerCase() !==
        definitionId
    )
      return false;
    if (mode === 'atExactScope') return r.scope.toLowerCase() === scope.key;
    if (mode === 'atScope') return covers(r.scope, scope.path);
    return covers(r.scope, scope.path) || covers(scope.path, r.scope);
  });
  return { status: 200, body: pageOf(ctx, req, items, r => clone(r.resource)) };
}

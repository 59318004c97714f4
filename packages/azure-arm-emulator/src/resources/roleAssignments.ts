import { findBuiltInRole } from '../catalog/builtInRoles';
import { errors } from '../errors';
import { settleOperations } from '../lro/operations';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { clone, isObject } from '../util';
import {
  CALLER_OBJECT_ID,
  eq,
  isGuid,
  pageOf,
  parseFilter,
  resourcesOfKind,
} from './common';
import { findCustomRole, roleDefinitionGuid } from './roleDefinitions';
import { covers, resolveScope } from './scopes';

export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
const PRINCIPAL_TYPES = [
  'User',
  'Group',
  'ServicePrincipal',
  'ForeignGroup',
  'Device',
];

function assignmentKey(scopeKey: string, name: string) {
  return `${scopeKey}/providers/microsoft.authorization/roleassignments/${name}`.toLowerCase();
}

/** Role assignment names (GUIDs) are unique in the tenant, whatever their scope. */
function findByName(
  ctx: EmulatorContext,
  name: string,
): StoredResource | undefined {
  return resourcesOfKind(
    ctx,
    r => r.kind === 'roleAssignment' && eq(r.name, name),
  )[0];
}

/**
 * The role must be a built-in, or a custom role whose assignableScopes
 * cover the assignment's scope; otherwise Azure says it does not exist.
 */
function requireAssignableRole(
  ctx: EmulatorContext,
  roleDefinitionId: unknown,
  scopePath: string,
) {
  const guid = roleDefinitionGuid(roleDefinitionId);
  const shown = guid ?? String(roleDefinitionId ?? '');
  if (!guid) throw errors.roleDefinitionDoesNotExist(shown, 400);
  if (findBuiltInRole(guid)) return guid;
  const custom = findCustomRole(ctx, guid);
  if (
    !custom ||
    !(custom.resource.properties.assignableScopes as string[]).some(s =>
      covers(s, scopePath),
    )
  ) {
    throw errors.roleDefinitionDoesNotExist(guid, 400);
  }
  return guid;
}

/**
 * PUT /{scope}/providers/Microsoft.Authorization/roleAssignments/{name}.
 * Synchronous; idempotent the way Azure RBAC is: the same name with the same
 * principal, role and scope is 200 (the spec example's 200); the same
 * (scope, role, principal) under another name is 409 RoleAssignmentExists;
 * the same name with another principal, role or scope is 409
 * RoleAssignmentUpdateNotPermitted.
 */
export function putRoleAssignment(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const name = req.params.roleAssignmentName;
  if (!isGuid(name)) throw errors.invalidRoleAssignmentId(name);
  const { scope, parent, resourceGroupName } = resolveScope(
    ctx,
    req.params.scope,
    {
      write: true,
      allowNamespace: true,
      requestPath: req.path,
    },
  );
  const body = req.body;
  if (!isObject(body) || !isObject(body.properties)) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  const props = body.properties;
  if (!isGuid(props.principalId))
    throw errors.invalidPrincipalId(props.principalId);
  if (
    props.principalType !== undefined &&
    props.principalType !== null &&
    !PRINCIPAL_TYPES.includes(props.principalType)
  ) {
    throw errors.invalidRequestContent(
      `The request content was invalid and could not be deserialized: 'Requested value '${String(
        props.principalType,
      )}' was not found. Path 'properties.principalType'.'`,
    );
  }
  if (
    typeof props.scope === 'string' &&
    props.scope &&
    !eq(props.scope.replace(/\/+$/, ''), scope.path)
  ) {
    throw errors.roleAssignmentScopeMismatch(name, props.scope, scope.path);
  }
  const roleGuid = requireAssignableRole(
    ctx,
    props.roleDefinitionId,
    scope.path,
  );
  const principalId = String(props.principalId).toLowerCase();

  const sameName = findByName(ctx, name);
  if (sameName) {
    const p = sameName.resource.properties;
    const unchanged =
      eq(sameName.scope, scope.path) &&
      roleDefinitionGuid(p.roleDefinitionId) === roleGuid &&
      eq(p.principalId, principalId);
    if (!unchanged) throw errors.roleAssignmentUpdateNotPermitted();
  } else {
    const duplicate = resourcesOfKind(
      ctx,
      r =>
        r.kind === 'roleAssignment' &&
        eq(r.scope, scope.path) &&
        roleDefinitionGuid(r.resource.properties.roleDefinitionId) ===
          roleGuid &&
        eq(r.resource.properties.principalId, principalId),
    );
    if (duplicate.length) throw errors.roleAssignmentExists();
  }

  const now = new Date(ctx.now()).toISOString();
  const previous = sameName?.resource.properties;
  const at = sameName?.scope ?? scope.path;
  const resolvedName = sameName?.name ?? name;
  const id = `${at}/providers/Microsoft.Authorization/roleAssignments/${resolvedName}`;
  const resource = {
    properties: {
      roleDefinitionId: previous?.roleDefinitionId ?? props.roleDefinitionId,
      principalId: previous?.principalId ?? props.principalId,
      principalType: props.principalType ?? previous?.principalType ?? 'User',
      scope: at,
      condition: props.condition ?? null,
      conditionVersion: props.conditionVersion ?? null,
      createdOn: previous?.createdOn ?? now,
      updatedOn: now,
      createdBy: previous?.createdBy ?? CALLER_OBJECT_ID,
      updatedBy: CALLER_OBJECT_ID,
      delegatedManagedIdentityResourceId:
        props.delegatedManagedIdentityResourceId ?? null,
      description: props.description ?? null,
    },
    id,
    type: ROLE_ASSIGNMENT_TYPE,
    name: resolvedName,
  };
  const key = sameName?.key ?? assignmentKey(scope.key, name);
  ctx.state.resources.set(key, {
    key,
    kind: 'roleAssignment',
    id,
    name: resolvedName,
    subscriptionId: scope.subscriptionId ?? '',
    resourceGroup: resourceGroupName,
    parentKey: sameName?.parentKey ?? parent?.key,
    scope: at,
    resource,
    eTag: '',
    createdSeq: sameName?.createdSeq ?? ++ctx.state.seq,
  });
  return { status: sameName ? 200 : 201, body: clone(resource) };
}

function findAtScope(ctx: EmulatorContext, req: ArmRequest, write: boolean) {
  const name = req.params.roleAssignmentName;
  if (!isGuid(name)) throw errors.invalidRoleAssignmentId(name);
  const { scope } = resolveScope(ctx, req.params.scope, {
    allowNamespace: true,
    write,
    requestPath: req.path,
  });
  return ctx.state.resources.get(assignmentKey(scope.key, name));
}

export function getRoleAssignment(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const found = findAtScope(ctx, req, false);
  if (!found)
    throw errors.roleAssignmentNotFound(req.params.roleAssignmentName);
  return { status: 200, body: clone(found.resource) };
}

/** DELETE: 200 with the deleted assignment, 204 when there is none. */
export function deleteRoleAssignment(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const found = findAtScope(ctx, req, true);
  if (!found) return { status: 204 };
  ctx.state.resources.delete(found.key);
  return { status: 200, body: clone(found.resource) };
}

/**
 * GET /{scope}/providers/Microsoft.Authorization/roleAssignments (also the
 * subscription-wide list). Without a filter: assignments at, above and below
 * the scope; `atScope()`: at and above; `principalId eq '…'` narrows either.
 */
export function listRoleAssignments(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  settleOperations(ctx);
  const { scope } = resolveScope(ctx, req.params.scope, {
    allowNamespace: true,
    requestPath: req.path,
  });
  const clauses = parseFilter(req.query.get('$filter'));
  if (!clauses)
    throw errors.invalidParameter(
      '$filter',
      `The $filter '${req.query.get('$filter')}' is not supported.`,
    );
  let atScope = false;
  let principalId: string | undefined;
  for (const c of clauses) {
    if ('fn' in c && c.fn === 'atScope') atScope = true;
    else if ('field' in c && eq(c.field, 'principalId')) principalId = c.value;
    else
      throw errors.invalidParameter(
        '$filter',
        `The $filter '${req.query.get('$filter')}' is not supported.`,
      );
  }
  const items = resourcesOfKind(ctx, r => {
    if (r.kind !== 'roleAssignment' || !r.scope) return false;
    if (principalId && !eq(r.resource.properties.principalId, principalId))
      return false;
    return atScope
      ? covers(r.scope, scope.path)
      : covers(r.scope, scope.path) || covers(scope.path, r.scope);
  });
  return { status: 200, body: pageOf(ctx, req, items, r => clone(r.resource)) };
}

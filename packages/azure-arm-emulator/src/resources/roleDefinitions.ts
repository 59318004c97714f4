import {
  BuiltInRole,
  BUILT_IN_ROLES,
  findBuiltInRole,
  Permission,
} from '../catalog/builtInRoles';
import { errors } from '../errors';
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
import { covers, parseScope, resolveScope } from './scopes';

export const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';

/** Built-ins carry fixed timestamps (the emulator's; Azure's real ones differ per role). */
const BUILT_IN_TIMESTAMP = '2015-02-02T21:55:09.8806423Z';

/** Custom roles are tenant-wide: one per GUID, whatever scope they were written at. */
export function roleDefinitionKey(id: string) {
  return `/providers/microsoft.authorization/roledefinitions/${id}`.toLowerCase();
}

/** The GUID of a roleDefinitionId in any of its forms (`…/roleDefinitions/{guid}`). */
export function roleDefinitionGuid(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const m =
    /\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i.exec(
      id,
    );
  return m && isGuid(m[1]) ? m[1].toLowerCase() : undefined;
}

export function findCustomRole(
  ctx: EmulatorContext,
  guid: string,
): StoredResource | undefined {
  const r = ctx.state.resources.get(roleDefinitionKey(guid));
  return r?.kind === 'roleDefinition' ? r : undefined;
}

/** A built-in as ARM renders it at a scope: the id carries the scope's prefix. */
export function renderBuiltInRole(role: BuiltInRole, scopePath: string) {
  return {
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: role.description,
      assignableScopes: ['/'],
      permissions: clone(role.permissions),
      createdOn: BUILT_IN_TIMESTAMP,
      updatedOn: BUILT_IN_TIMESTAMP,
      createdBy: null,
      updatedBy: null,
    },
    id: `${scopePath}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`,
    type: ROLE_DEFINITION_TYPE,
    name: role.id,
  };
}

/** Provider operations look like `Microsoft.Compute/virtualMachines/read`, or wildcards for actions. */
const ACTION = /^(\*|\*\/\S+|[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+\/\S+)$/;
const DATA_ACTION = /^Microsoft\.[A-Za-z0-9]+(\.[A-Za-z0-9]+)*\/\S+$/;

function validatePermissions(value: unknown): Permission[] {
  if (!Array.isArray(value))
    throw errors.invalidRoleDefinition(
      "'properties.permissions' must be a list of permissions.",
    );
  return value.map((p, i) => {
    if (!isObject(p))
      throw errors.invalidRoleDefinition(
        `'properties.permissions[${i}]' must be an object.`,
      );
    const list = (field: string) => {
      const v = p[field] ?? [];
      if (!Array.isArray(v) || v.some(a => typeof a !== 'string')) {
        throw errors.invalidRoleDefinition(
          `'properties.permissions[${i}].${field}' must be a list of strings.`,
        );
      }
      return v as string[];
    };
    const out: Permission = {
      actions: list('actions'),
      notActions: list('notActions'),
      dataActions: list('dataActions'),
      notDataActions: list('notDataActions'),
    };
    for (const a of [...out.actions, ...out.notActions])
      if (!ACTION.test(a)) throw errors.invalidAction(a);
    for (const a of [...out.dataActions, ...out.notDataActions])
      if (!DATA_ACTION.test(a)) throw errors.invalidDataAction(a);
    return out;
  });
}

/**
 * PUT /{scope}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}:
 * a custom role. 201 on create and on update (the only status the spec and
 * @azure/arm-authorization's `createOrUpdate` accept).
 */
export function putRoleDefinition(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const guid = req.params.roleDefinitionId;
  const { scope } = resolveScope(ctx, req.params.scope, {
    write: true,
    requestPath: req.path,
  });
  if (!isGuid(guid)) throw errors.invalidRoleDefinitionId(guid);
  const builtIn = findBuiltInRole(guid);
  if (builtIn)
    throw errors.invalidRoleDefinition(
      `The role definition '${guid}' is the built-in role '${builtIn.roleName}' and cannot be changed.`,
    );
  const body = req.body;
  if (!isObject(body) || !isObject(body.properties)) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  const props = body.properties;
  if (typeof props.roleName !== 'string' || !props.roleName.trim()) {
    throw errors.invalidRoleDefinition(
      "The role definition must have a 'properties.roleName'.",
    );
  }
  const type = props.type ?? props.roleType ?? 'CustomRole';
  if (!eq(type, 'CustomRole')) {
    throw errors.invalidRoleDefinition(
      `The role definition type '${String(
        type,
      )}' is not valid. Only 'CustomRole' definitions can be created.`,
    );
  }
  const permissions = validatePermissions(props.permissions ?? []);
  const scopes = props.assignableScopes;
  if (
    !Array.isArray(scopes) ||
    scopes.length === 0 ||
    scopes.some(s => typeof s !== 'string')
  ) {
    throw errors.invalidRoleDefinition(
      "The role definition must have at least one 'properties.assignableScopes' entry.",
    );
  }
  for (const s of scopes as string[]) {
    const parsed = parseScope(s);
    if (!parsed || parsed.kind === 'tenant') {
      throw errors.invalidRoleDefinition(
        `The assignable scope '${s}' is not valid. Custom roles can be made assignable at subscriptions, resource groups and resources, not at '/'.`,
      );
    }
  }
  if (!(scopes as string[]).some(s => covers(s, scope.path))) {
    throw errors.invalidRoleDefinition(
      `The role definition's assignableScopes '${scopes.join(
        ', ',
      )}' do not include the scope '${
        scope.path
      }' it is created at (or a parent of it).`,
    );
  }
  const sameName =
    BUILT_IN_ROLES.some(r => eq(r.roleName, props.roleName)) ||
    resourcesOfKind(
      ctx,
      r =>
        r.kind === 'roleDefinition' &&
        r.name !== guid.toLowerCase() &&
        eq(r.resource.properties.roleName, props.roleName),
    ).length > 0;
  if (sameName) throw errors.roleDefinitionWithSameNameExists();

  const key = roleDefinitionKey(guid);
  const existing = findCustomRole(ctx, guid);
  const now = new Date(ctx.now()).toISOString();
  const at = existing?.scope ?? scope.path;
  const id = `${at}/providers/Microsoft.Authorization/roleDefinitions/${guid.toLowerCase()}`;
  const resource = {
    properties: {
      roleName: props.roleName,
      type: 'CustomRole',
      description: props.description ?? null,
      assignableScopes: (scopes as string[]).map(s => parseScope(s)!.path),
      permissions,
      createdOn: existing?.resource.properties.createdOn ?? now,
      updatedOn: now,
      createdBy: existing?.resource.properties.createdBy ?? CALLER_OBJECT_ID,
      updatedBy: CALLER_OBJECT_ID,
    },
    id,
    type: ROLE_DEFINITION_TYPE,
    name: guid.toLowerCase(),
  };
  ctx.state.resources.set(key, {
    key,
    kind: 'roleDefinition',
    id,
    name: guid.toLowerCase(),
    subscriptionId: scope.subscriptionId ?? '',
    resourceGroup: '',
    scope: at,
    resource,
    eTag: '',
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
  });
  return { status: 201, body: clone(resource) };
}

/** GET /{scope}/…/roleDefinitions/{id}: built-ins at any scope (tenant included), custom roles by GUID. */
export function getRoleDefinition(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const { scope } = resolveScope(ctx, req.params.scope, {
    allowTenant: true,
    allowNamespace: true,
    requestPath: req.path,
  });
  const guid = req.params.roleDefinitionId;
  const builtIn = isGuid(guid) ? findBuiltInRole(guid) : undefined;
  if (builtIn)
    return { status: 200, body: renderBuiltInRole(builtIn, scope.path) };
  const custom = isGuid(guid) ? findCustomRole(ctx, guid) : undefined;
  if (!custom) throw errors.roleDefinitionDoesNotExist(guid, 404);
  return { status: 200, body: clone(custom.resource) };
}

/** DELETE: 200 with the role, 204 if there is none, 409 while assignments use it. */
export function deleteRoleDefinition(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  resolveScope(ctx, req.params.scope, { write: true, requestPath: req.path });
  const guid = req.params.roleDefinitionId;
  const builtIn = isGuid(guid) ? findBuiltInRole(guid) : undefined;
  if (builtIn)
    throw errors.invalidRoleDefinition(
      `The role definition '${guid}' is the built-in role '${builtIn.roleName}' and cannot be deleted.`,
    );
  const custom = isGuid(guid) ? findCustomRole(ctx, guid) : undefined;
  if (!custom) return { status: 204 };
  const assigned = resourcesOfKind(
    ctx,
    r =>
      r.kind === 'roleAssignment' &&
      roleDefinitionGuid(r.resource.properties.roleDefinitionId) ===
        custom.name,
  );
  if (assigned.length) throw errors.roleDefinitionHasAssignments();
  ctx.state.resources.delete(custom.key);
  return { status: 200, body: clone(custom.resource) };
}

/**
 * GET /{scope}/…/roleDefinitions: the built-ins (rendered at the scope) and
 * the custom roles assignable at, above or below it; `$filter=roleName eq '…'`
 * and `type eq 'CustomRole' | 'BuiltInRole'`.
 */
export function listRoleDefinitions(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const { scope } = resolveScope(ctx, req.params.scope, {
    allowTenant: true,
    allowNamespace: true,
    requestPath: req.path,
  });
  const clauses = parseFilter(req.query.get('$filter'));
  if (!clauses)
    throw errors.invalidParameter(
      '$filter',
      `The $filter '${req.query.get('$filter')}' is not supported.`,
    );
  let roleName: string | undefined;
  let type: string | undefined;
  for (const c of clauses) {
    if ('field' in c && eq(c.field, 'roleName')) roleName = c.value;
    else if ('field' in c && eq(c.field, 'type')) type = c.value;
    else
      throw errors.invalidParameter(
        '$filter',
        `The $filter '${req.query.get('$filter')}' is not supported.`,
      );
  }
  const builtIns =
    type && !eq(type, 'BuiltInRole')
      ? []
      : BUILT_IN_ROLES.map(r => renderBuiltInRole(r, scope.path));
  const customs =
    type && !eq(type, 'CustomRole')
      ? []
      : resourcesOfKind(
          ctx,
          r =>
            r.kind === 'roleDefinition' &&
            (r.resource.properties.assignableScopes as string[]).some(
              s => covers(s, scope.path) || covers(scope.path, s),
            ),
        ).map(r => clone(r.resource));
  const items = [...builtIns, ...customs].filter(
    r => !roleName || eq(r.properties.roleName, roleName),
  );
  return { status: 200, body: pageOf(ctx, req, items) };
}

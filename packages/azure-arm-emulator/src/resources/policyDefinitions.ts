import {
  BuiltInPolicy,
  BUILT_IN_POLICIES,
  findBuiltInPolicy,
  PolicyParameter,
} from '../catalog/policyDefinitions';
import { errors } from '../errors';
import {
  ArmRequest,
  ArmResponse,
  EmulatorContext,
  StoredResource,
} from '../server/context';
import { clone, isObject } from '../util';
import { eq, pageOf, resourcesOfKind } from './common';
import { parseScope } from './scopes';

export const POLICY_DEFINITION_TYPE =
  'Microsoft.Authorization/policyDefinitions';
export const POLICY_SET_DEFINITION_TYPE =
  'Microsoft.Authorization/policySetDefinitions';

/** A definition an assignment can point at: a built-in (either kind) or a custom policy definition. */
export interface ResolvedDefinition {
  set: boolean;
  name: string;
  version: string;
  parameters: Record<string, PolicyParameter>;
  body: Record<string, any>;
}

function renderBuiltIn(p: BuiltInPolicy) {
  const set = p.kind === 'policySetDefinition';
  return {
    properties: clone(p.properties),
    id: `/providers/Microsoft.Authorization/${p.kind}s/${p.name}`,
    type: set ? POLICY_SET_DEFINITION_TYPE : POLICY_DEFINITION_TYPE,
    name: p.name,
  };
}

function customKey(sub: string, name: string) {
  return `/subscriptions/${sub}/providers/microsoft.authorization/policydefinitions/${name}`.toLowerCase();
}

/**
 * Resolves a `policyDefinitionId`: `/providers/Microsoft.Authorization/policy(Set)Definitions/{name}`
 * for built-ins, `/subscriptions/{s}/providers/Microsoft.Authorization/policyDefinitions/{name}`
 * for custom definitions (a built-in named with a subscription prefix resolves too, as ARM does).
 */
export function resolvePolicyDefinition(
  ctx: EmulatorContext,
  id: string,
): ResolvedDefinition | undefined {
  const m =
    /^(\/subscriptions\/([^/]+))?\/providers\/Microsoft\.Authorization\/(policyDefinitions|policySetDefinitions)\/([^/]+)$/i.exec(
      id,
    );
  if (!m) return undefined;
  const set = m[3].toLowerCase() === 'policysetdefinitions';
  const name = m[4];
  if (!set && m[2]) {
    const custom = ctx.state.resources.get(customKey(m[2], name));
    if (custom) {
      const props = custom.resource.properties;
      return {
        set,
        name: custom.name,
        version: props.version,
        parameters: props.parameters ?? {},
        body: custom.resource,
      };
    }
  }
  const builtIn = findBuiltInPolicy(
    set ? 'policySetDefinition' : 'policyDefinition',
    name,
  );
  if (!builtIn) return undefined;
  return {
    set,
    name: builtIn.name,
    version: builtIn.properties.version,
    parameters: builtIn.properties.parameters,
    body: renderBuiltIn(builtIn),
  };
}

const PARAMETER_TYPES = [
  'String',
  'Array',
  'Object',
  'Boolean',
  'Integer',
  'Float',
  'DateTime',
];

/** PUT /subscriptions/{s}/providers/Microsoft.Authorization/policyDefinitions/{name}: a custom definition (201, as the SDK expects). */
export function putPolicyDefinition(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const scope = parseScope(req.params.scope);
  if (scope?.kind !== 'subscription') throw errors.methodNotAllowed('PUT');
  const name = req.params.policyDefinitionName;
  if (findBuiltInPolicy('policyDefinition', name)) {
    throw errors.invalidRequestContent(
      `The policy definition '${name}' is a built-in definition and cannot be changed.`,
    );
  }
  const body = req.body;
  if (!isObject(body) || !isObject(body.properties)) {
    throw errors.invalidRequestContent(
      'The request content was invalid and could not be deserialized.',
    );
  }
  const props = clone(body.properties);
  const rule = props.policyRule;
  if (!isObject(rule) || !isObject(rule.if) || !isObject(rule.then)) {
    throw errors.invalidPolicyParameters(
      `The policy definition '${name}' has an invalid policy rule: it needs an 'if' and a 'then'.`,
    );
  }
  const parameters = props.parameters ?? {};
  if (!isObject(parameters))
    throw errors.invalidPolicyParameters(
      `The parameters of policy definition '${name}' must be an object.`,
    );
  for (const [pName, p] of Object.entries(parameters)) {
    if (!isObject(p) || !PARAMETER_TYPES.some(t => eq(t, p.type))) {
      throw errors.invalidPolicyParameters(
        `The policy definition '${name}' parameter '${pName}' has an invalid type '${String(
          (p as any)?.type,
        )}'. The allowed types are '${PARAMETER_TYPES.join(', ')}'.`,
      );
    }
    p.type = PARAMETER_TYPES.find(t => eq(t, p.type));
  }
  const key = customKey(scope.subscriptionId!, name);
  const existing = ctx.state.resources.get(key);
  const version =
    typeof props.version === 'string'
      ? props.version
      : existing?.resource.properties.version ?? '1.0.0';
  const resolvedName = existing?.name ?? name;
  const id = `${scope.path}/providers/Microsoft.Authorization/policyDefinitions/${resolvedName}`;
  const resource = {
    properties: {
      ...props,
      policyType: 'Custom',
      mode: props.mode ?? 'Indexed',
      parameters,
      version,
      versions: [version],
    },
    id,
    type: POLICY_DEFINITION_TYPE,
    name: resolvedName,
  };
  const stored: StoredResource = {
    key,
    kind: 'policyDefinition',
    id,
    name: resolvedName,
    subscriptionId: scope.subscriptionId!,
    resourceGroup: '',
    scope: scope.path,
    resource,
    eTag: '',
    createdSeq: existing?.createdSeq ?? ++ctx.state.seq,
  };
  ctx.state.resources.set(key, stored);
  return { status: 201, body: clone(resource) };
}

/** GET /providers/…/policyDefinitions/{name} (built-ins) or /subscriptions/{s}/providers/…/policyDefinitions/{name}. */
export function getPolicyDefinition(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const name = req.params.policyDefinitionName;
  const resolved = resolvePolicyDefinition(
    ctx,
    `${
      parseScope(req.params.scope)?.path ?? ''
    }/providers/Microsoft.Authorization/policyDefinitions/${name}`,
  );
  if (!resolved) throw errors.policyDefinitionNotFound(name, false);
  return { status: 200, body: clone(resolved.body) };
}

export function getPolicySetDefinition(
  _ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const name = req.params.policySetDefinitionName;
  const builtIn = findBuiltInPolicy('policySetDefinition', name);
  if (!builtIn) throw errors.policyDefinitionNotFound(name, true);
  return { status: 200, body: renderBuiltIn(builtIn) };
}

/** DELETE of a custom definition: 200, or 204 when there is none. */
export function deletePolicyDefinition(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const scope = parseScope(req.params.scope);
  if (scope?.kind !== 'subscription') throw errors.methodNotAllowed('DELETE');
  const key = customKey(scope.subscriptionId!, req.params.policyDefinitionName);
  const existing = ctx.state.resources.get(key);
  if (!existing) return { status: 204 };
  ctx.state.resources.delete(key);
  return { status: 200, body: clone(existing.resource) };
}

/** GET …/policyDefinitions: built-ins, plus the subscription's custom definitions. */
export function listPolicyDefinitions(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const scope = parseScope(req.params.scope);
  const builtIns = BUILT_IN_POLICIES.filter(
    p => p.kind === 'policyDefinition',
  ).map(renderBuiltIn);
  const custom =
    scope?.kind === 'subscription'
      ? resourcesOfKind(
          ctx,
          r =>
            r.kind === 'policyDefinition' &&
            eq(r.subscriptionId, scope.subscriptionId),
        ).map(r => clone(r.resource))
      : [];
  return { status: 200, body: pageOf(ctx, req, [...builtIns, ...custom]) };
}

export function listPolicySetDefinitions(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  return {
    status: 200,
    body: pageOf(
      ctx,
      req,
      BUILT_IN_POLICIES.filter(p => p.kind === 'policySetDefinition').map(
        renderBuiltIn,
      ),
    ),
  };
}

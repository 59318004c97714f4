import { API_TYPES, ApiType } from '../catalog/apiVersions';
import { errors } from '../errors';
import { ArmRequest, ArmResponse, EmulatorContext } from '../server/context';
import { EMULATOR_TENANT_ID } from '../auth/accessToken';
import { eq, pageOf } from './common';

export interface EmulatorSubscription {
  subscriptionId: string;
  displayName: string;
}

/**
 * The subscriptions the emulator knows by default: every subscription id
 * this repository's configuration and tests use. Others are 404
 * `SubscriptionNotFound`, as ARM answers a subscription the caller cannot see.
 */
export const DEFAULT_SUBSCRIPTIONS: readonly EmulatorSubscription[] = [
  {
    subscriptionId: '00000000-0000-0000-0000-00000000e001',
    displayName: 'Complete Clusters (emulated)',
  },
  ...[
    '00000000-0000-0000-0000-000000000000',
    '00000000-0000-0000-0000-000000000001',
    '00000000-0000-0000-0000-0000000000c1',
    '00000000-0000-0000-0000-0000000000c2',
    '00000000-0000-0000-0000-0000000be4c4',
    '11111111-2222-3333-4444-555555555555',
    '22222222-3333-4444-5555-666666666666',
    '33333333-4444-5555-6666-777777777777',
    '44444444-5555-6666-7777-888888888888',
    '99999999-9999-9999-9999-999999999999',
  ].map((subscriptionId, i) => ({
    subscriptionId,
    displayName: `Emulated subscription ${i + 1}`,
  })),
];

/** Subscription ids, or full entries, as known subscriptions. */
export function toSubscriptions(
  list: ReadonlyArray<string | EmulatorSubscription>,
): EmulatorSubscription[] {
  return list.map((s, i) =>
    typeof s === 'string'
      ? { subscriptionId: s, displayName: `Emulated subscription ${i + 1}` }
      : s,
  );
}

export function requireKnownSubscription(
  ctx: EmulatorContext,
  subscriptionId: string,
) {
  if (
    !ctx.config.subscriptions.some(s => eq(s.subscriptionId, subscriptionId))
  ) {
    throw errors.subscriptionNotFound(subscriptionId);
  }
}

function renderSubscription(s: EmulatorSubscription) {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: EMULATOR_TENANT_ID,
    displayName: s.displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
  };
}

/** `GET /subscriptions`: the subscriptions the caller can see (Subscriptions_List). */
export function listSubscriptions(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  return {
    status: 200,
    body: pageOf(ctx, req, ctx.config.subscriptions, renderSubscription),
  };
}

/** `GET /subscriptions/{id}` (Subscriptions_Get); an unknown one was refused by the router. */
export function getSubscription(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const s = ctx.config.subscriptions.find(x =>
    eq(x.subscriptionId, req.params.subscriptionId),
  )!;
  return { status: 200, body: renderSubscription(s) };
}

/** The resource providers the emulator serves, by namespace. */
function providerNamespaces(): string[] {
  return [
    ...new Set(
      Object.values(API_TYPES)
        .filter(t => !(t as ApiType).armNative)
        .map(t => t.namespace),
    ),
  ];
}

function renderProvider(ctx: EmulatorContext, sub: string, namespace: string) {
  const types = Object.values(API_TYPES).filter(
    t => t.namespace === namespace && !(t as ApiType).armNative,
  );
  return {
    id: `/subscriptions/${sub}/providers/${namespace}`,
    namespace,
    registrationState: 'Registered',
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: types.map(t => ({
      resourceType: t.type,
      locations:
        t.namespace === 'Microsoft.Authorization'
          ? []
          : [...ctx.config.locations],
      apiVersions: [...t.versions].reverse(),
      capabilities: 'None',
    })),
  };
}

function requireProvider(namespace: string): string {
  const found = providerNamespaces().find(n => eq(n, namespace));
  if (!found) {
    throw errors.notEmulated('GET', `/providers/${namespace}`);
  }
  return found;
}

/** `GET /subscriptions/{s}/providers`. */
export function listProviders(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const sub = req.params.subscriptionId;
  return {
    status: 200,
    body: pageOf(ctx, req, providerNamespaces(), n =>
      renderProvider(ctx, sub, n),
    ),
  };
}

/** `GET /subscriptions/{s}/providers/{namespace}` (Providers_Get). Every emulated provider is registered. */
export function getProvider(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  const namespace = requireProvider(req.params.resourceProviderNamespace);
  return {
    status: 200,
    body: renderProvider(ctx, req.params.subscriptionId, namespace),
  };
}

/** `POST /subscriptions/{s}/providers/{namespace}/register` (Providers_Register): already registered, answered as such. */
export function registerProvider(
  ctx: EmulatorContext,
  req: ArmRequest,
): ArmResponse {
  return getProvider(ctx, req);
}

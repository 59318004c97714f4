import type { KindUnitOf } from './types';

/** A custom role definition: a synchronous ARM write, shared by every cluster of the subscription. */
export const roleDefinition: KindUnitOf<'roleDefinition'> = {
  async start(azure, call, _pollIntervalMs, abortSignal) {
    await azure.authorization.roleDefinitions.createOrUpdate(
      call.scope,
      call.roleDefinitionId,
      call.body,
      { abortSignal },
    );
    return { done: true };
  },
  async remove() {
    // Role definitions are shared by every cluster of the subscription: they stay.
    return { done: true };
  },
};

import type { KindUnitOf } from './types';

/** A policy assignment: a synchronous ARM write at the cluster's scope. */
export const policyAssignment: KindUnitOf<'policyAssignment'> = {
  async start(azure, call, _pollIntervalMs, abortSignal) {
    await azure.policy.policyAssignments.create(
      call.scope,
      call.name,
      call.body,
      { abortSignal },
    );
    return { done: true };
  },
  async remove(azure, call, _pollIntervalMs, abortSignal) {
    try {
      await azure.policy.policyAssignments.delete(call.scope, call.name, {
        abortSignal,
      });
    } catch (e) {
      // @azure/arm-policy 7.0.1 cannot read ARM's 204 (nothing to delete) and throws a TypeError: it is gone.
      if (!(e instanceof TypeError)) throw e;
    }
    return { done: true };
  },
};

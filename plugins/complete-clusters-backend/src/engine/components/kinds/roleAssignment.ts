import { isRestError } from '@azure/core-rest-pipeline';
import type { KindUnitOf } from './types';

/** A role assignment (a grant): a synchronous ARM write. */
export const roleAssignment: KindUnitOf<'roleAssignment'> = {
  async start(azure, call, _pollIntervalMs, abortSignal) {
    try {
      await azure.authorization.roleAssignments.create(
        call.scope,
        call.name,
        call.body,
        { abortSignal },
      );
      return { done: true };
    } catch (e) {
      // The same principal already has this role at this scope (granted by someone else): the grant holds.
      if (isRestError(e) && e.code === 'RoleAssignmentExists')
        return {
          done: true,
          detail: 'Azure already had this grant in place',
        };
      throw e;
    }
  },
  async remove(azure, call, _pollIntervalMs, abortSignal) {
    await azure.authorization.roleAssignments.delete(call.scope, call.name, {
      abortSignal,
    });
    return { done: true };
  },
};

import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';

/** The signed-in user and the groups they belong to, lower-cased, as their Backstage identity says. */
export function useOwnership(): Set<string> | undefined {
  const identity = useApi(identityApiRef);
  const { value } = useAsync(async () => {
    const { userEntityRef, ownershipEntityRefs } =
      await identity.getBackstageIdentity();
    return new Set(
      [userEntityRef, ...ownershipEntityRefs].map(r =>
        r.toLocaleLowerCase('en-US'),
      ),
    );
  }, [identity]);
  return value;
}

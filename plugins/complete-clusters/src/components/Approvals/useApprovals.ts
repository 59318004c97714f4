import { useApi } from '@backstage/core-plugin-api';
import { completeClustersApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';

/** Requests waiting for the signed-in user's approval, refreshed while there are any. */
export function useApprovals() {
  const api = useApi(completeClustersApiRef);
  return usePolling(() => api.listApprovals(), clusters => clusters.length > 0, [api], 10_000);
}

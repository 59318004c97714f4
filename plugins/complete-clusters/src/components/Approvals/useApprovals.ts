import { useApi } from '@backstage/core-plugin-api';
import { completeClustersApiRef } from '../../api';
import { usePolling } from '../../hooks/usePolling';

/**
 * How often the approvals list asks again, empty or not: a new production
 * request shows within this time on an open Clusters page.
 */
export const APPROVALS_REFRESH_INTERVAL_MS = 5000;

/** Requests waiting for the signed-in user's approval, kept current while the page is visible. */
export function useApprovals() {
  const api = useApi(completeClustersApiRef);
  return usePolling(
    () => api.listApprovals(),
    [api],
    APPROVALS_REFRESH_INTERVAL_MS,
  );
}

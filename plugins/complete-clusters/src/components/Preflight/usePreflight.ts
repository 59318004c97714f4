import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  PreflightResult,
  RequestClusterBody,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';

/** How long the answers must rest before the checks run again: a field being typed in is not checked at every key. */
export const PREFLIGHT_DEBOUNCE_MS = 400;

/** What {@link usePreflight} has for the current answers. */
export interface PreflightState {
  /** True while the checks for the current answers are running. */
  loading: boolean;
  result?: PreflightResult;
  /** The backend refused the answers (the same message as a request's), or could not be reached. */
  error?: Error;
}

/**
 * The pre-flight checks of a request, run again (after a short rest) each
 * time its answers change; an answer for older answers is dropped.
 */
export function usePreflight(body: RequestClusterBody | undefined) {
  const api = useApi(completeClustersApiRef);
  const key = body ? JSON.stringify(body) : '';
  const [state, setState] = useState<PreflightState>({ loading: !!body });
  useEffect(() => {
    if (!key) {
      setState({ loading: false });
      return undefined;
    }
    let current = true;
    setState(s => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      api.preflight(JSON.parse(key)).then(
        result => {
          if (current) setState({ loading: false, result });
        },
        error => {
          if (current) setState({ loading: false, error });
        },
      );
    }, PREFLIGHT_DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key]);
  return state;
}

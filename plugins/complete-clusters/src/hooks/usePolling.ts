import { DependencyList, useCallback, useEffect, useState } from 'react';

/** How often a view of clusters still being built asks the backend again. */
export const REFRESH_INTERVAL_MS = 3000;

/** What {@link usePolling} has so far. */
export interface PollingState<T> {
  /** True until the first answer (value or error) arrives. */
  loading: boolean;
  /** The last value loaded; kept when a later refresh fails. */
  value?: T;
  /** The error of the last attempt, cleared by the next success. */
  error?: Error;
  /** Loads again now (after an action) and polls again while `keepPolling` holds. */
  reload: () => void;
}

/**
 * Loads a value, then loads it again every `intervalMs` for as long as
 * `keepPolling(value)` holds. One request at a time: the next starts once the
 * previous has answered. A failed refresh keeps the last value and tries again.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  keepPolling: (value: T) => boolean,
  deps: DependencyList,
  intervalMs: number = REFRESH_INTERVAL_MS,
): PollingState<T> {
  const [state, setState] = useState<Omit<PollingState<T>, 'reload'>>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration(g => g + 1), []);

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: { value: T } | undefined;
    // A reload keeps showing what it has while it asks again.
    setState(previous => (generation === 0 ? { loading: true } : previous));

    const tick = async () => {
      try {
        const value = await load();
        if (cancelled) return;
        last = { value };
        setState({ loading: false, value });
      } catch (e) {
        if (cancelled) return;
        const error = e instanceof Error ? e : new Error(String(e));
        setState({ loading: false, value: last?.value, error });
      }
      if (last && keepPolling(last.value)) timer = setTimeout(tick, intervalMs);
    };
    tick();

    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, intervalMs, generation]);

  return { ...state, reload };
}

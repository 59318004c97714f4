import { DependencyList, useCallback, useEffect, useState } from 'react';

/** How often a view asks again while something in it is still moving (a cluster being built, a rollout running). */
export const REFRESH_INTERVAL_MS = 3000;

/** How often a view asks again while everything in it is at rest: others may still change it (a new request, a new cluster). */
export const IDLE_REFRESH_INTERVAL_MS = 10_000;

/** What {@link usePolling} has so far. */
export interface PollingState<T> {
  /** True until the first answer (value or error) arrives. */
  loading: boolean;
  /** The last value loaded; kept when a later refresh fails. */
  value?: T;
  /** The error of the last attempt, cleared by the next success. */
  error?: Error;
  /** Loads again now (after an action), then goes on polling. */
  reload: () => void;
}

/**
 * Milliseconds to wait before the next load: a number, or a function of the
 * last value loaded (undefined while nothing has loaded), so a view can ask
 * often while something moves and less often while all is at rest.
 */
export type PollingInterval<T> = number | ((value: T | undefined) => number);

function isHidden(): boolean {
  return (
    typeof document !== 'undefined' && document.visibilityState === 'hidden'
  );
}

/**
 * Loads a value, then loads it again for as long as the view is mounted and
 * the page is visible: others change what a list shows (a new request, a
 * cluster another owner deletes), so polling never stops by itself. While the
 * page is hidden (another tab, a minimised window) nothing is asked; when it
 * shows again the value is loaded at once. One request at a time: the next
 * waits `interval` after the previous has answered. A failed refresh keeps the
 * last value and tries again.
 *
 * `load` and `interval` are read when `deps` change; pass in `deps` whatever
 * they depend on.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  interval: PollingInterval<T> = REFRESH_INTERVAL_MS,
): PollingState<T> {
  const [state, setState] = useState<Omit<PollingState<T>, 'reload'>>({
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration(g => g + 1), []);

  useEffect(() => {
    let cancelled = false;
    let inFlight = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: { value: T } | undefined;
    // A reload keeps showing what it has while it asks again.
    setState(previous => (generation === 0 ? { loading: true } : previous));

    const schedule = () => {
      if (cancelled || isHidden()) return;
      const wait =
        typeof interval === 'function' ? interval(last?.value) : interval;
      timer = setTimeout(tick, wait);
    };

    async function tick() {
      timer = undefined;
      inFlight = true;
      try {
        const value = await load();
        if (cancelled) return;
        last = { value };
        setState({ loading: false, value });
      } catch (e) {
        if (cancelled) return;
        const error = e instanceof Error ? e : new Error(String(e));
        setState({ loading: false, value: last?.value, error });
      } finally {
        inFlight = false;
      }
      schedule();
    }

    const onVisibilityChange = () => {
      if (isHidden()) {
        if (timer) clearTimeout(timer);
        timer = undefined;
      } else if (!inFlight && !timer) {
        tick();
      }
    };

    document.addEventListener('visibilitychange', onVisibilityChange);
    // The first load happens even in a hidden tab, so the page is ready when shown.
    tick();

    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);

  return { ...state, reload };
}

import { useCallback, useState } from 'react';

/** The backend's own words for a failed call: what is wrong and how to fix it. */
export function errorText(e: unknown): string {
  const body = (e as { body?: { error?: { message?: string } } })?.body;
  return body?.error?.message ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Runs one action against the backend at a time: busy while it runs, the
 * backend's message when it fails, `onDone` when it succeeds.
 */
export function useAction(onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
        onDone();
        return true;
      } catch (e) {
        setError(errorText(e));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onDone],
  );
  return { busy, error, run, clearError: () => setError(undefined) };
}

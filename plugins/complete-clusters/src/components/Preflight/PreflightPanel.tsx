import { useEffect } from 'react';
import { Typography } from '@material-ui/core';
import { Progress, WarningPanel } from '@backstage/core-components';
import type { RequestClusterBody } from '@complete-clusters/plugin-complete-clusters-common';
import { PreflightChecks, preflightSummary } from './PreflightChecks';
import { usePreflight } from './usePreflight';

/**
 * The pre-flight checks of the answers being given, live: what Azure would
 * say to this request (VM sizes, vCPU quota at the worst case, Kubernetes
 * version, name) with the figures and the fix, before anything is submitted.
 * `onResult` tells a form whether it may submit (false while a check fails).
 */
export function PreflightPanel(props: {
  body: RequestClusterBody | undefined;
  onResult?: (ok: boolean) => void;
}) {
  const { loading, result, error } = usePreflight(props.body);
  const { onResult } = props;
  useEffect(() => {
    if (onResult && !loading) onResult(!error && !!result?.ok);
  }, [onResult, loading, error, result]);
  return (
    <section aria-label="Pre-flight checks" aria-busy={loading}>
      {loading && <Progress />}
      {error && (
        <WarningPanel
          title="These answers cannot be checked"
          message={error.message}
        />
      )}
      {result && !error && (
        <>
          <Typography variant="subtitle2">
            {preflightSummary(result)} in {result.location}
          </Typography>
          <PreflightChecks result={result} />
        </>
      )}
    </section>
  );
}

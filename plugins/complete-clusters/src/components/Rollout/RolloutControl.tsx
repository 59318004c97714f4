import { useState } from 'react';
import { Button, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ClusterTemplateEntity,
  Rollout,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import {
  IDLE_REFRESH_INTERVAL_MS,
  REFRESH_INTERVAL_MS,
  usePolling,
} from '../../hooks/usePolling';
import { ActionError, useAction } from '../ClusterActions';

/**
 * For a template's owners: roll its current version out to every cluster
 * made from it (development first, stopping at the first failure), and see
 * how the last rollout went.
 */
export function RolloutControl({
  template,
  templateRef,
}: {
  template: ClusterTemplateEntity;
  templateRef: string;
}) {
  const api = useApi(completeClustersApiRef);
  const rollouts = usePolling(
    () => api.listRollouts({ templateRef }),
    [api, templateRef],
    (items: Rollout[] | undefined) =>
      items?.[0]?.state === 'Running'
        ? REFRESH_INTERVAL_MS
        : IDLE_REFRESH_INTERVAL_MS,
  );
  const action = useAction(rollouts.reload);
  const [asked, setAsked] = useState(false);
  const last = rollouts.value?.[0];
  const running = last?.state === 'Running';
  // The last rollout may be a release of several templates: this template's version in it.
  const toVersion =
    last?.templates?.find(t => t.templateRef === templateRef)?.toVersion ??
    last?.toVersion;
  return (
    <div>
      <Button
        size="small"
        variant="outlined"
        disabled={action.busy || running}
        aria-label={`Roll out ${
          template.metadata.title ?? template.metadata.name
        } version ${template.spec.version}`}
        onClick={() => {
          setAsked(true);
          action.run(() => api.startRollout(templateRef));
        }}
      >
        Roll out v{template.spec.version}
      </Button>
      {last && (
        <Typography variant="caption" component="p" role="status">
          {last.templates && last.templates.length > 1
            ? `Release of ${last.templates.length} templates, this one to v${toVersion}`
            : `Rollout of v${toVersion}`}
          : {last.state}
          {last.message ? ` — ${last.message}` : ''}
        </Typography>
      )}
      {asked && action.error && <ActionError message={action.error} />}
    </div>
  );
}

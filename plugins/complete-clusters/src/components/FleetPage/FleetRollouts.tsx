import { useState } from 'react';
import { Box, Button, Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type { Fleet } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { ActionError, useAction } from '../ClusterActions';

/** For each template with clusters behind its current version: roll it out, where the backend says the user may. */
export function FleetRollouts({
  fleet,
  onDone,
}: {
  fleet: Fleet;
  onDone: () => void;
}) {
  const api = useApi(completeClustersApiRef);
  const [started, setStarted] = useState<string>();
  const { busy, error, run } = useAction(onDone);
  const behind = fleet.templates
    .filter(t => t.mayRollOut)
    .map(t => ({
      template: t,
      count: fleet.counts.byVersion
        .filter(
          v =>
            v.templateRef === t.templateRef &&
            v.templateVersion !== t.currentVersion,
        )
        .reduce((n, v) => n + v.count, 0),
    }))
    .filter(t => t.count > 0);
  if (behind.length === 0) return null;
  return (
    <Box mb={2}>
      {behind.map(({ template, count }) => (
        <Button
          key={template.templateRef}
          variant="contained"
          color="primary"
          size="small"
          style={{ marginRight: 8 }}
          disabled={busy}
          onClick={() =>
            run(async () => {
              const rollout = await api.startRollout(template.templateRef);
              setStarted(
                rollout.message ??
                  `Rolling ${template.title} v${template.currentVersion} out`,
              );
            })
          }
        >
          Roll out {template.title} v{template.currentVersion} ({count} behind)
        </Button>
      ))}
      {started && <Typography variant="body2">{started}</Typography>}
      {error && <ActionError message={error} />}
    </Box>
  );
}

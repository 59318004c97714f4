import { Box, Chip, Typography } from '@material-ui/core';
import type { Fleet } from '@complete-clusters/plugin-complete-clusters-common';
import { parseEntityRef } from '@backstage/catalog-model';

/** How many clusters are in each phase and at each template version, over the whole fleet. */
export function FleetCounts({ fleet }: { fleet: Fleet }) {
  const phases = Object.entries(fleet.counts.byPhase).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  const current = new Map(
    fleet.templates.map(t => [t.templateRef, t.currentVersion]),
  );
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 8 }}
      mb={2}
    >
      <Typography variant="subtitle2" component="span">
        By phase:
      </Typography>
      {phases.length === 0 && (
        <Typography variant="body2">no clusters yet</Typography>
      )}
      {phases.map(([phase, count]) => (
        <Chip key={phase} size="small" label={`${phase} ${count}`} />
      ))}
      <Typography
        variant="subtitle2"
        component="span"
        style={{ marginLeft: 16 }}
      >
        By version:
      </Typography>
      {fleet.counts.byVersion.map(v => (
        <Chip
          key={`${v.templateRef}@${v.templateVersion}`}
          size="small"
          color={
            current.get(v.templateRef) === v.templateVersion
              ? 'default'
              : 'primary'
          }
          label={`${parseEntityRef(v.templateRef).name} v${
            v.templateVersion
          }: ${v.count}`}
        />
      ))}
    </Box>
  );
}

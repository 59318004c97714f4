import { Box, Chip, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { describeTemplateChange } from '@complete-clusters/plugin-complete-clusters-common';
import type { TemplateChange } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { errorText } from '../ClusterActions';
import { Timestamp } from '../Timestamp';

const LAYERS: Array<TemplateChange['layer']> = [
  'infrastructure',
  'policies',
  'applications',
];

/**
 * On a ClusterTemplate's page: its versions as the portal recorded them,
 * newest first, each with what it changed from the one before, per layer.
 */
export function TemplateHistoryCard() {
  const { entity } = useEntity();
  const api = useApi(completeClustersApiRef);
  const ref = {
    namespace: entity.metadata.namespace,
    name: entity.metadata.name,
  };
  const history = useAsync(
    () => api.getTemplateHistory(ref),
    [api, ref.namespace, ref.name],
  );
  return (
    <InfoCard title="Versions">
      {history.loading && <Progress />}
      {history.error && (
        <WarningPanel
          severity="warning"
          title="No history"
          message={errorText(history.error)}
        />
      )}
      {history.value?.versions.map(version => (
        <Box
          key={version.version}
          component="section"
          aria-label={`Version ${version.version}`}
          mb={2}
        >
          <Typography variant="subtitle1">
            <Chip size="small" label={`v${version.version}`} /> first seen{' '}
            <Timestamp iso={version.recordedAt} />
          </Typography>
          {!version.previousVersion && (
            <Typography variant="body2">
              The first version the portal recorded.
            </Typography>
          )}
          {version.previousVersion && version.changes.length === 0 && (
            <Typography variant="body2">
              No change to the cluster from v{version.previousVersion}.
            </Typography>
          )}
          {LAYERS.map(layer => {
            const changes = version.changes.filter(c => c.layer === layer);
            if (changes.length === 0) return null;
            return (
              <Box key={layer} ml={1}>
                <Typography variant="body2">
                  <strong>{layer[0].toUpperCase() + layer.slice(1)}</strong>{' '}
                  (from v{version.previousVersion})
                </Typography>
                <ul style={{ marginTop: 0 }}>
                  {changes.map(change => (
                    <li key={change.field}>
                      <Typography
                        variant="body2"
                        style={{ overflowWrap: 'anywhere' }}
                      >
                        {describeTemplateChange(change)}
                      </Typography>
                    </li>
                  ))}
                </ul>
              </Box>
            );
          })}
        </Box>
      ))}
    </InfoCard>
  );
}

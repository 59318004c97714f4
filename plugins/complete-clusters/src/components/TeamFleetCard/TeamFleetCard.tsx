import { Chip, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import {
  InfoCard,
  Link,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { completeClustersApiRef } from '../../api';
import { errorText } from '../ClusterActions';

/** Props of {@link TeamFleetCard}. */
export interface TeamFleetCardProps {
  /** The fleet view's address; the card adds the team as its filter. */
  fleetHref: string;
}

/**
 * On a team's (Group) page: how many clusters its complete-cluster templates
 * have, per phase, with a link to the fleet view filtered to the team. Shown
 * to the team's members (the fleet view is theirs); others see why not.
 */
export function TeamFleetCard({ fleetHref }: TeamFleetCardProps) {
  const { entity } = useEntity();
  const api = useApi(completeClustersApiRef);
  const team = stringifyEntityRef(entity);
  const fleet = useAsync(
    () => api.getFleet({ templateOwner: team, limit: 1 }),
    [api, team],
  );
  const href = `${fleetHref}?templateOwner=${encodeURIComponent(team)}`;
  return (
    <InfoCard
      title="Complete clusters"
      deepLink={
        fleet.value?.templates.length
          ? { title: 'Open the fleet view', link: href }
          : undefined
      }
    >
      {fleet.loading && <Progress />}
      {fleet.error && (
        <WarningPanel
          severity="info"
          title="Fleet not shown"
          message={errorText(fleet.error)}
        />
      )}
      {fleet.value && fleet.value.templates.length === 0 && (
        <Typography variant="body2">
          This team owns no complete-cluster templates.
        </Typography>
      )}
      {fleet.value && fleet.value.templates.length > 0 && (
        <>
          <Typography variant="body2" gutterBottom>
            <Link to={href}>
              {fleet.value.totalCount} cluster
              {fleet.value.totalCount === 1 ? '' : 's'}
            </Link>{' '}
            of {fleet.value.templates.length} template
            {fleet.value.templates.length === 1 ? '' : 's'}:{' '}
            {fleet.value.templates
              .map(t => `${t.title} v${t.currentVersion}`)
              .join(', ')}
          </Typography>
          {Object.entries(fleet.value.counts.byPhase).map(([phase, count]) => (
            <Chip
              key={phase}
              size="small"
              label={`${phase} ${count}`}
              style={{ marginRight: 4 }}
            />
          ))}
        </>
      )}
    </InfoCard>
  );
}

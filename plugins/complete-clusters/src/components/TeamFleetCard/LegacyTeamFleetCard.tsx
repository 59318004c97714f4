import { useRouteRef } from '@backstage/core-plugin-api';
import { fleetRouteRef } from '../../routes';
import { TeamFleetCard } from './TeamFleetCard';

/** The team fleet card wired to the legacy frontend system's routing. */
export function LegacyTeamFleetCard() {
  const fleet = useRouteRef(fleetRouteRef);
  return <TeamFleetCard fleetHref={fleet()} />;
}

import { Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type {
  ClusterCost as ClusterCostFigures,
  ClusterPhase,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { IDLE_REFRESH_INTERVAL_MS, usePolling } from '../../hooks/usePolling';
import {
  describeUnpricedAddons,
  formatMonthly,
} from '../TemplateCard/TemplateCost';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Now ≈ $3,883 a month at 3 nodes (system 2 × Standard_D4ds_v5, gpu 1 × …)", or why there is no such figure. */
export function describeCurrentCost(cost: ClusterCostFigures): string {
  if (cost.nodesUnavailable) return `Now: not known. ${cost.nodesUnavailable}`;
  const pools = cost.pools
    .map(p => `${p.name} ${p.nodes ?? '?'} × ${p.vmSize}`)
    .join(', ');
  const nodes = cost.pools.reduce((t, p) => t + (p.nodes ?? 0), 0);
  if (cost.currentMonthly === null) {
    const sizes = cost.pools
      .filter(p => p.hourlyPrice === null)
      .map(p => p.vmSize);
    return `Now: ${plural(
      nodes,
      'node',
    )} (${pools}); cost not known: no price for ${sizes.join(', ')} in ${
      cost.location
    }`;
  }
  return `Now ≈ ${formatMonthly(
    cost.currentMonthly,
    cost.currency,
  )} a month at ${plural(nodes, 'node')} (${pools})`;
}

/** "Worst case ≈ $7,369 a month (every pool at its maximum: system 2, gpu 2)". */
export function describeWorstCase(cost: ClusterCostFigures): string {
  const pools = cost.pools.map(p => `${p.name} ${p.maxNodes}`).join(', ');
  if (cost.worstCaseMonthly === null)
    return `Worst case: not known (${cost.missing.join(' ')})`;
  return `Worst case ≈ ${formatMonthly(
    cost.worstCaseMonthly,
    cost.currency,
  )} a month (every pool at its maximum: ${pools})`;
}

/**
 * What the cluster costs a month now, at the node counts Azure reports for
 * its pools, and at its worst case, from the backend's price book; nothing
 * while it loads, one line when it cannot be read.
 */
export function ClusterCost(props: { name: string; phase: ClusterPhase }) {
  const api = useApi(completeClustersApiRef);
  const { name, phase } = props;
  const { value: cost, error } = usePolling(
    () => api.getClusterCost(name),
    [api, name, phase],
    IDLE_REFRESH_INTERVAL_MS,
  );
  if (!cost)
    return error ? (
      <Typography variant="body2" color="textSecondary">
        Cost not available: {error.message}
      </Typography>
    ) : null;
  const dated =
    cost.stale && cost.pricedAt
      ? ` Prices of ${cost.pricedAt.slice(0, 10)}.`
      : '';
  const addons = describeUnpricedAddons(cost);
  const addonNotes = (cost.addons ?? [])
    .filter(a => a.monthly === null)
    .map(a => `${a.name} (${a.addon}): ${a.note}`)
    .join(' ');
  return (
    <div data-testid="cluster-cost">
      <Typography variant="body2">{describeCurrentCost(cost)}</Typography>
      <Typography variant="body2" color="textSecondary">
        {describeWorstCase(cost)}. Linux pay-as-you-go, {cost.hoursPerMonth}{' '}
        hours a month.{dated}
      </Typography>
      {addons && (
        <Typography variant="body2" color="textSecondary" title={addonNotes}>
          {addons}.
        </Typography>
      )}
    </div>
  );
}

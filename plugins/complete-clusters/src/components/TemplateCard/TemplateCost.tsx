import { Tooltip, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { useApiHolder } from '@backstage/core-plugin-api';
import type { CostEstimate } from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';

/** A monthly figure in its currency, to the whole unit: $7,369. */
export function formatMonthly(amount: number, currency: string): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: 0,
  }).format(amount);
}

/** "≈ $397–$7,369 a month", one figure when minimum and worst case agree, or what could not be priced. */
export function describeCost(cost: CostEstimate): string {
  if (cost.minimumMonthly === null || cost.worstCaseMonthly === null) {
    const sizes = cost.pools
      .filter(p => p.hourlyPrice === null)
      .map(p => p.vmSize);
    return `Cost unknown: no price for ${sizes.join(', ')} in ${cost.location}`;
  }
  const min = formatMonthly(cost.minimumMonthly, cost.currency);
  const max = formatMonthly(cost.worstCaseMonthly, cost.currency);
  const range = min === max ? min : `${min}–${max}`;
  const dated =
    cost.stale && cost.pricedAt
      ? ` (prices of ${cost.pricedAt.slice(0, 10)})`
      : '';
  return `≈ ${range} a month${dated}`;
}

/** "Not counted: logging (container-insights)", or undefined when the template installs no add-on left out of the totals. */
export function describeUnpricedAddons(cost: CostEstimate): string | undefined {
  const left = (cost.addons ?? []).filter(a => a.monthly === null);
  return left.length > 0
    ? `Not counted: ${left.map(a => `${a.name} (${a.addon})`).join(', ')}`
    : undefined;
}

function breakdown(cost: CostEstimate): string {
  return cost.pools
    .map(p => {
      const nodes =
        p.minNodes === p.maxNodes
          ? `${p.maxNodes}`
          : `${p.minNodes}–${p.maxNodes}`;
      const price =
        p.hourlyPrice === null
          ? 'no price'
          : `${formatMonthly(
              p.hourlyPrice * cost.hoursPerMonth,
              cost.currency,
            )} a node`;
      return `${p.name}: ${nodes} × ${p.vmSize}, ${price}`;
    })
    .join('; ');
}

/**
 * A template's monthly cost at minimum size and worst case, from the
 * backend's price book; nothing while it loads or when it cannot be read.
 */
export function TemplateCost(props: { namespace?: string; name: string }) {
  const api = useApiHolder().get(completeClustersApiRef);
  const { namespace, name } = props;
  const cost = useAsync(
    async () => api?.getTemplateCost({ namespace, name }),
    [api, namespace, name],
  );
  if (!cost.value) return null;
  return (
    <Tooltip
      title={[
        `${breakdown(cost.value)}; ${
          cost.value.hoursPerMonth
        } hours, Linux pay-as-you-go.`,
        ...(cost.value.addons ?? [])
          .filter(a => a.monthly === null)
          .map(a => `${a.name} (${a.addon}): ${a.note}`),
      ].join(' ')}
    >
      <Typography
        variant="body2"
        data-testid={`template-cost-${name}`}
        color="textSecondary"
      >
        {describeCost(cost.value)}
      </Typography>
    </Tooltip>
  );
}

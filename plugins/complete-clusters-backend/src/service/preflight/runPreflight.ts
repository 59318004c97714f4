import type {
  ClusterTemplateSpec,
  ConsumerParameter,
  NodePool,
  PreflightCheck,
  PreflightResult,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  OfferedKubernetesVersion,
  OfferedVmSize,
  PreflightReads,
  VCpuUsage,
} from './azureReads';
import { DEFAULT_MANAGED_CLUSTERS_PER_REGION } from './readPreflightSettings';

/** Where Azure's own form for a quota increase is, and how it works. */
export const QUOTA_REQUEST_LINK =
  'https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/myQuotas (see https://learn.microsoft.com/azure/quotas/per-vm-quota-requests)';

/** A request resolved against its template, with where in Azure it would go. */
export interface PreflightInput {
  name: string;
  spec: ClusterTemplateSpec;
  subscriptionId: string;
  resourceGroup: string;
  /** Who owns the template, for fixes only its owner can make. */
  templateOwner: string;
  /** When a live cluster in the portal already has the name: who asked for it. */
  nameTakenBy?: string;
  /**
   * The subscription's managed-cluster quota per region, as configured
   * (`completeClusters.preflight.managedClustersPerRegion`): Azure shows it on
   * its Quotas page, the SDKs this plugin uses cannot read it. Default
   * {@link DEFAULT_MANAGED_CLUSTERS_PER_REGION}.
   */
  managedClustersPerRegion?: number;
}

/** Where Azure's Quotas page lists the managed-cluster quota (provider Azure Kubernetes Service), and how to ask for more. */
export const MANAGED_CLUSTER_QUOTA_LINK =
  'https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/myQuotas (provider Azure Kubernetes Service; see https://learn.microsoft.com/azure/aks/quotas-skus-regions)';

const count = (n: number) => n.toLocaleString('en-US');

/** The region's managed-cluster quota: one more cluster must fit under the limit. */
function managedClusterQuotaCheck(
  input: PreflightInput,
  location: string,
  inRegion: number,
): PreflightCheck {
  const limit =
    input.managedClustersPerRegion ?? DEFAULT_MANAGED_CLUSTERS_PER_REGION;
  const id = 'quota:managed-clusters';
  const title = `Managed-cluster quota in ${location}`;
  const figures = `${count(inRegion)} of ${count(
    limit,
  )} managed clusters in ${location}`;
  if (inRegion + 1 <= limit)
    return {
      id,
      title,
      status: 'pass',
      detail: `${figures} (subscription ${
        input.subscriptionId
      }); this cluster makes ${count(inRegion + 1)}.`,
    };
  const regionParameter = parameterFor(input.spec, 'infrastructure.location');
  const others = (regionParameter?.enum ?? [])
    .map(String)
    .filter(r => r !== location);
  return {
    id,
    title,
    status: 'fail',
    detail: `${figures} (subscription ${input.subscriptionId}): none left for this one.`,
    fix: `${[
      ...(regionParameter && others.length > 0
        ? [
            `Choose ${describeParameter(regionParameter)}: ${others.join(
              ' or ',
            )}`,
          ]
        : []),
      `Delete clusters no longer needed in ${location}, or ask for more managed-cluster quota in ${location}: ${MANAGED_CLUSTER_QUOTA_LINK}; then the platform team raises completeClusters.preflight.managedClustersPerRegion to match`,
    ].join('. ')}.`,
  };
}

/** Quota names compare as Azure spells them in two places (`standardNCASv3_T4Family`, "Standard NCASv3_T4 Family"). */
const quotaKey = (name: string) => name.toLowerCase().replace(/[\s_]/g, '');

/** Nodes a pool can reach: its autoscale maximum, or its fixed count. */
export const worstCaseNodes = (pool: NodePool) =>
  pool.autoscale ? pool.autoscale.max : pool.count ?? 0;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The consumer parameter that sets a template field, if any. */
function parameterFor(spec: ClusterTemplateSpec, field: string) {
  return (spec.parameters ?? []).find(p => p.field === field);
}

function describeParameter(p: ConsumerParameter) {
  return `"${p.title}" (${p.id})`;
}

/** A read that may fail: 4xx other than 429 is Azure's answer (fail), anything else means we could not ask (unknown). */
type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; refused: boolean; message: string };

async function attempt<T>(read: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    const status = (e as { statusCode?: unknown }).statusCode;
    const refused =
      typeof status === 'number' &&
      status >= 400 &&
      status < 500 &&
      status !== 429;
    return {
      ok: false,
      refused,
      message: `Azure ${refused ? 'refused' : 'did not answer'}: ${
        (e as Error).message
      }`,
    };
  }
}

function notAsked(
  id: string,
  title: string,
  outcome: { refused: boolean; message: string },
): PreflightCheck {
  return {
    id,
    title,
    status: outcome.refused ? 'fail' : 'unknown',
    detail: outcome.message,
    ...(outcome.refused
      ? { fix: 'Check the region and the subscription the template uses.' }
      : {}),
  };
}

function usageOf(usages: VCpuUsage[], name: string) {
  return usages.find(u => quotaKey(u.name) === quotaKey(name));
}

interface ComputeFigures {
  sizes: OfferedVmSize[];
  usages: VCpuUsage[];
}

/** The VM-size and vCPU-quota checks of a spec's pools in one region, from that region's SKUs and usages. */
function computeChecks(
  input: PreflightInput,
  location: string,
  figures: ComputeFigures,
): PreflightCheck[] {
  const { spec } = input;
  const checks: PreflightCheck[] = [];
  const byFamily = new Map<
    string,
    {
      family: string;
      vCpus: number;
      pools: Array<{ pool: NodePool; size: OfferedVmSize }>;
    }
  >();
  let totalNeeded = 0;
  for (const pool of spec.infrastructure.nodePools) {
    const id = `vm-size:${pool.name}`;
    const title = `Pool ${pool.name}: ${pool.vmSize} offered in ${location}`;
    const size = figures.sizes.find(
      s => s.name.toLowerCase() === pool.vmSize.toLowerCase(),
    );
    const blocking = size?.restrictions.find(
      r => r.type === 'Location' || (r.type === 'Zone' && !r.zones?.length),
    );
    if (!size || blocking) {
      checks.push({
        id,
        title,
        status: 'fail',
        detail: size
          ? `${
              pool.vmSize
            } is restricted in ${location} for this subscription (${
              blocking!.reasonCode ?? blocking!.type
            }).`
          : `${pool.vmSize} is not offered in ${location}.`,
        fix: `Ask the template owner (${input.templateOwner}) for another VM size, or use a region where ${pool.vmSize} is offered; a restriction for the subscription can be lifted through a support request (${QUOTA_REQUEST_LINK}).`,
      });
      continue;
    }
    const zoneNote = size.restrictions.some(r => r.type === 'Zone')
      ? ` (restricted in zones ${size.restrictions
          .flatMap(r => r.zones ?? [])
          .join(', ')}; the template names no zones)`
      : '';
    checks.push({
      id,
      title,
      status: 'pass',
      detail: `${pool.vmSize} (${size.vCpus} vCPUs, ${size.family}) is offered in ${location} with no restriction for the subscription${zoneNote}.`,
    });
    const nodes = worstCaseNodes(pool);
    const entry = byFamily.get(quotaKey(size.family)) ?? {
      family: size.family,
      vCpus: 0,
      pools: [],
    };
    entry.vCpus += nodes * size.vCpus;
    entry.pools.push({ pool, size });
    byFamily.set(quotaKey(size.family), entry);
    totalNeeded += nodes * size.vCpus;
  }

  const nodesText = (pools: Array<{ pool: NodePool; size: OfferedVmSize }>) =>
    pools
      .map(
        ({ pool, size }) =>
          `${plural(worstCaseNodes(pool), 'node')} of ${size.name} (pool ${
            pool.name
          }${pool.autoscale ? ' at its maximum' : ''})`,
      )
      .join(' + ');

  /** What a consumer can lower: the largest node counts that fit in `free` vCPUs. */
  const smallerMaximum = (
    pools: Array<{ pool: NodePool; size: OfferedVmSize }>,
    needed: number,
    free: number,
  ): string[] => {
    const fixes: string[] = [];
    for (const { pool, size } of pools) {
      const field = pool.autoscale
        ? `infrastructure.nodePools.${pool.name}.autoscale.max`
        : `infrastructure.nodePools.${pool.name}.count`;
      const parameter = parameterFor(spec, field);
      if (!parameter || size.vCpus <= 0) continue;
      const others = needed - worstCaseNodes(pool) * size.vCpus;
      const fits = Math.floor((free - others) / size.vCpus);
      const lowest = Math.max(parameter.minimum ?? 0, pool.autoscale?.min ?? 0);
      if (fits >= lowest)
        fixes.push(
          `set ${describeParameter(parameter)} to at most ${fits} (${
            fits * size.vCpus
          } vCPUs)`,
        );
    }
    return fixes;
  };

  const quotaFix = (fixes: string[], what: string) =>
    [
      ...fixes.map(f => f.charAt(0).toUpperCase() + f.slice(1)),
      `Or ask for more ${what} quota in ${location}: ${QUOTA_REQUEST_LINK}`,
    ].join('. ');

  for (const { family, vCpus, pools } of byFamily.values()) {
    const usage = usageOf(figures.usages, family);
    const id = `quota:${family}`;
    const title = `${family} vCPU quota in ${location}`;
    if (!usage) {
      checks.push({
        id,
        title,
        status: 'unknown',
        detail: `Azure lists no usage for ${family} in ${location}; ${vCpus} vCPUs needed at ${nodesText(
          pools,
        )}.`,
      });
      continue;
    }
    const free = Math.max(0, usage.limit - usage.currentValue);
    const ok = vCpus <= free;
    checks.push({
      id,
      title,
      status: ok ? 'pass' : 'fail',
      detail: `${family}: ${vCpus} vCPUs needed at ${nodesText(
        pools,
      )}, ${free} free of ${usage.limit} (${usage.currentValue} in use).`,
      ...(ok
        ? {}
        : { fix: quotaFix(smallerMaximum(pools, vCpus, free), family) }),
    });
  }

  const cores = usageOf(figures.usages, 'cores');
  if (cores) {
    const free = Math.max(0, cores.limit - cores.currentValue);
    const ok = totalNeeded <= free;
    const all = [...byFamily.values()].flatMap(f => f.pools);
    checks.push({
      id: 'quota:cores',
      title: `Total regional vCPU quota in ${location}`,
      status: ok ? 'pass' : 'fail',
      detail: `Total regional vCPUs: ${totalNeeded} needed with every pool at its maximum, ${free} free of ${cores.limit} (${cores.currentValue} in use).`,
      ...(ok
        ? {}
        : {
            fix: quotaFix(
              smallerMaximum(all, totalNeeded, free),
              'Total Regional vCPUs',
            ),
          }),
    });
  } else {
    checks.push({
      id: 'quota:cores',
      title: `Total regional vCPU quota in ${location}`,
      status: 'unknown',
      detail: `Azure lists no Total Regional vCPUs usage in ${location}; ${totalNeeded} vCPUs needed.`,
    });
  }
  return checks;
}

function kubernetesVersionCheck(
  input: PreflightInput,
  location: string,
  offered: OfferedKubernetesVersion[],
): PreflightCheck {
  const requested = input.spec.infrastructure.kubernetesVersion;
  const minor = requested.split('.').slice(0, 2).join('.');
  const found = offered.find(v => v.version === minor);
  const patchOk =
    requested.split('.').length < 3 || !!found?.patches.includes(requested);
  const list = offered.map(v => v.version).join(', ') || 'none';
  const title = `Kubernetes ${requested} offered in ${location}`;
  if (found && patchOk) {
    return {
      id: 'kubernetes-version',
      title,
      status: 'pass',
      detail: `Kubernetes ${requested} is offered in ${location}${
        found.isPreview ? ' (preview)' : ''
      }; patches ${found.patches.join(', ')}.`,
    };
  }
  const parameter = parameterFor(
    input.spec,
    'infrastructure.kubernetesVersion',
  );
  const choices = (parameter?.enum ?? [])
    .map(String)
    .filter(v =>
      offered.some(o => o.version === v.split('.').slice(0, 2).join('.')),
    );
  const fix =
    parameter && choices.length > 0
      ? `Choose ${describeParameter(parameter)}: ${choices.join(' or ')}.`
      : `Ask the template owner (${input.templateOwner}) to move the template to an offered version (${list}).`;
  return {
    id: 'kubernetes-version',
    title,
    status: 'fail',
    detail: `Kubernetes ${requested} is not offered in ${location}; offered: ${list}${
      found && !patchOk
        ? ` (patches of ${minor}: ${found.patches.join(', ')})`
        : ''
    }.`,
    fix,
  };
}

/**
 * The pre-flight checks of one request: its VM sizes offered and unrestricted
 * in its region, vCPU quota per family and in total for the worst case (every
 * pool at its maximum) on top of what the subscription already uses, its
 * Kubernetes version offered, its name free in the portal and in Azure. Reads
 * Azure only; changes nothing. When a compute check fails and the template
 * lets the consumer choose the region, the other regions it allows are
 * checked too and the ones that pass are offered as the fix.
 */
export async function runPreflight(
  input: PreflightInput,
  reads: PreflightReads,
): Promise<PreflightResult> {
  const started = Date.now();
  const location = input.spec.infrastructure.location;
  const [sizes, usages, versions, existing, clustersInRegion] =
    await Promise.all([
      attempt(() => reads.vmSizes(location)),
      attempt(() => reads.usages(location)),
      attempt(() => reads.kubernetesVersions(location)),
      attempt(() =>
        reads.managedClusterExists(input.resourceGroup, input.name),
      ),
      attempt(() => reads.managedClustersIn(location)),
    ]);

  const checks: PreflightCheck[] = [];
  if (!sizes.ok) {
    checks.push(notAsked('vm-sizes', `VM sizes offered in ${location}`, sizes));
  } else if (!usages.ok) {
    checks.push(notAsked('quota', `vCPU quota in ${location}`, usages));
  } else {
    const compute = computeChecks(input, location, {
      sizes: sizes.value,
      usages: usages.value,
    });
    const regionParameter = parameterFor(input.spec, 'infrastructure.location');
    if (
      compute.some(c => c.status === 'fail') &&
      regionParameter?.enum?.length
    ) {
      const passing: string[] = [];
      for (const other of regionParameter.enum.map(String)) {
        if (other === location) continue;
        const [s, u] = await Promise.all([
          attempt(() => reads.vmSizes(other)),
          attempt(() => reads.usages(other)),
        ]);
        if (!s.ok || !u.ok) continue;
        const there = computeChecks(
          {
            ...input,
            spec: {
              ...input.spec,
              infrastructure: { ...input.spec.infrastructure, location: other },
            },
          },
          other,
          { sizes: s.value, usages: u.value },
        );
        if (there.every(c => c.status === 'pass')) passing.push(other);
      }
      if (passing.length > 0) {
        for (const c of compute)
          if (c.status === 'fail')
            c.fix = `Choose ${describeParameter(
              regionParameter,
            )}: ${passing.join(' or ')}, where every pool fits. ${
              c.fix ?? ''
            }`.trim();
      }
    }
    checks.push(...compute);
  }

  checks.push(
    versions.ok
      ? kubernetesVersionCheck(input, location, versions.value)
      : notAsked(
          'kubernetes-version',
          `Kubernetes ${input.spec.infrastructure.kubernetesVersion} offered in ${location}`,
          versions,
        ),
  );

  checks.push(
    clustersInRegion.ok
      ? managedClusterQuotaCheck(input, location, clustersInRegion.value)
      : notAsked(
          'quota:managed-clusters',
          `Managed-cluster quota in ${location}`,
          clustersInRegion,
        ),
  );

  const nameTitle = `Cluster name ${input.name} free`;
  if (input.nameTakenBy) {
    checks.push({
      id: 'name',
      title: nameTitle,
      status: 'fail',
      detail: `The cluster name ${input.name} is already used by ${input.nameTakenBy} in the portal.`,
      fix: 'Choose another name.',
    });
  } else if (!existing.ok) {
    checks.push(notAsked('name', nameTitle, existing));
  } else if (existing.value) {
    checks.push({
      id: 'name',
      title: nameTitle,
      status: 'fail',
      detail: `A managed cluster ${input.name} already exists in Azure in resource group ${input.resourceGroup} (subscription ${input.subscriptionId}), made outside this portal.`,
      fix: 'Choose another name.',
    });
  } else {
    checks.push({
      id: 'name',
      title: nameTitle,
      status: 'pass',
      detail: `No cluster ${input.name} in the portal, and no managed cluster ${input.name} in resource group ${input.resourceGroup} in Azure.`,
    });
  }

  return {
    ok: checks.every(c => c.status !== 'fail'),
    checkedAt: new Date(started).toISOString(),
    location,
    subscriptionId: input.subscriptionId,
    checks,
    armReads: reads.count,
    durationMs: Date.now() - started,
  };
}

/** The message a request refused on receipt carries: each failed check with its figures and fix. */
export function describeFailures(result: PreflightResult): string {
  const failed = result.checks.filter(c => c.status === 'fail');
  return [
    `Pre-flight checks failed in ${result.location}; nothing was created.`,
    ...failed.map(
      c => `- ${c.title}: ${c.detail}${c.fix ? ` Fix: ${c.fix}` : ''}`,
    ),
  ].join('\n');
}

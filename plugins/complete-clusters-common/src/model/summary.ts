import type {
  Application,
  ClusterTemplateSpec,
  NodePool,
} from './ClusterTemplate';

/**
 * True for Azure VM sizes with NVIDIA or AMD GPUs (the N-series: NC, ND, NG, NV).
 * @public
 */
export function isGpuVmSize(vmSize: string): boolean {
  return /^Standard_N[CDGV]/i.test(vmSize);
}

/**
 * A node pool's size in a few characters: `3 nodes`, `0-25 nodes (autoscale)`.
 * @public
 */
export function describePoolSize(pool: NodePool): string {
  if (pool.autoscale)
    return `${pool.autoscale.min}-${pool.autoscale.max} nodes (autoscale)`;
  return `${pool.count} node${pool.count === 1 ? '' : 's'}`;
}

/** A role binding's subject that stands for someone, in words a person reads. */
const SUBJECT_WORDS = {
  requester: 'the requester',
  owner: 'the owner',
  'owner-members': "the owner's members",
} as const;

/** `a`, `a and b`, `a, b and c`. */
function joinWords(words: readonly string[]): string {
  return words.length < 2
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * The policies of a template as short phrases for a card: what it forbids,
 * and who may do what where ("The requester may edit and exec in namespace
 * ai-models").
 * @public
 */
export function describePolicies(spec: ClusterTemplateSpec): string[] {
  const p = spec.policies;
  const phrases: string[] = [];
  phrases.push(
    p.podSecurity === 'privileged'
      ? 'Privileged containers allowed'
      : `No privileged containers (${p.podSecurity})`,
  );
  phrases.push(
    p.networkDefault === 'deny'
      ? 'Network traffic denied by default'
      : 'Network traffic allowed by default',
  );
  phrases.push(
    p.access.locked
      ? 'Role-based access locked'
      : 'Role-based access adjustable',
  );
  for (const binding of p.access.roleBindings) {
    const who = binding.subjects.map(s =>
      'ref' in s ? s.ref : SUBJECT_WORDS[s.kind],
    );
    const where =
      'cluster' in binding.scope
        ? 'the whole cluster'
        : `namespace ${binding.scope.namespace}`;
    const phrase = `${joinWords(who)} may ${joinWords(
      binding.permissions,
    )} in ${where}`;
    // "The requester may …", but an entity ref as written: "group:default/platform-team may …".
    phrases.push(
      phrase.startsWith('the ')
        ? phrase.charAt(0).toUpperCase() + phrase.slice(1)
        : phrase,
    );
  }
  return phrases;
}

/**
 * Where an application comes from, in a few words for a card or a log line.
 * @public
 */
export function describeApplicationSource(app: Application): string {
  const { source } = app;
  switch (source.type) {
    case 'helm':
      return `Helm chart ${source.chart} from ${source.repository}`;
    case 'git':
      return `Kubernetes manifests in ${source.url} at ${source.path}`;
    default:
      return `AKS add-on ${source.addon}`;
  }
}

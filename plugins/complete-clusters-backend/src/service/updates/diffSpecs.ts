import { describePoolSize } from '@complete-clusters/plugin-complete-clusters-common';
import type {
  Application,
  ClusterTemplateSpec,
  NodePool,
  RoleBinding,
  TemplateChange,
} from '@complete-clusters/plugin-complete-clusters-common';

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

function poolText(p: NodePool): string {
  const extras = [
    p.labels && Object.keys(p.labels).length
      ? `labels ${Object.entries(p.labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`
      : '',
    p.taints?.length ? `taints ${p.taints.join(',')}` : '',
  ].filter(Boolean);
  return `${p.mode} ${p.vmSize}, ${describePoolSize(p)}${
    extras.length ? `, ${extras.join(', ')}` : ''
  }`;
}

function sourceText(source: Application['source']): string {
  if (source.type === 'helm') return `${source.chart} chart`;
  if (source.type === 'git') return `${source.url} ${source.path}`;
  return `add-on ${source.addon}`;
}

function appText(a: Application): string {
  const source = sourceText(a.source);
  return `${source} ${a.version}${a.namespace ? ` in ${a.namespace}` : ''}${
    a.values ? ` with values ${JSON.stringify(a.values)}` : ''
  }`;
}

function bindingText(b: RoleBinding): string {
  const who = b.subjects.map(s => ('ref' in s ? s.ref : s.kind)).join(', ');
  return `${who}: ${b.permissions.join(' + ')} on ${
    'cluster' in b.scope ? 'the cluster' : `namespace ${b.scope.namespace}`
  }`;
}

/** Changes of a named list (pools, applications, bindings): added, removed, changed, each in words. */
function named<T extends { name: string }>(
  layer: TemplateChange['layer'],
  label: string,
  before: T[],
  after: T[],
  text: (item: T) => string,
): TemplateChange[] {
  const changes: TemplateChange[] = [];
  const old = new Map(before.map(i => [i.name, i]));
  const now = new Map(after.map(i => [i.name, i]));
  for (const [name, item] of now) {
    const previous = old.get(name);
    if (!previous)
      changes.push({ layer, field: `${label} ${name}`, to: text(item) });
    else if (!same(previous, item))
      changes.push({
        layer,
        field: `${label} ${name}`,
        from: text(previous),
        to: text(item),
      });
  }
  for (const [name, item] of old)
    if (!now.has(name))
      changes.push({ layer, field: `${label} ${name}`, from: text(item) });
  return changes;
}

/**
 * What a template update changes on a cluster, layer by layer, in words a
 * consumer can judge: infrastructure (version, network policy, node pools),
 * policies (pod security, network default, access) and applications.
 */
export function diffSpecs(
  before: ClusterTemplateSpec,
  after: ClusterTemplateSpec,
): TemplateChange[] {
  const changes: TemplateChange[] = [];
  const value = (
    layer: TemplateChange['layer'],
    field: string,
    from: unknown,
    to: unknown,
  ) => {
    if (!same(from, to))
      changes.push({ layer, field, from: String(from), to: String(to) });
  };
  const a = before.infrastructure;
  const b = after.infrastructure;
  value('infrastructure', 'location', a.location, b.location);
  value(
    'infrastructure',
    'kubernetesVersion',
    a.kubernetesVersion,
    b.kubernetesVersion,
  );
  value('infrastructure', 'networkPolicy', a.networkPolicy, b.networkPolicy);
  changes.push(
    ...named('infrastructure', 'node pool', a.nodePools, b.nodePools, poolText),
  );
  value(
    'policies',
    'podSecurity',
    before.policies.podSecurity,
    after.policies.podSecurity,
  );
  value(
    'policies',
    'networkDefault',
    before.policies.networkDefault,
    after.policies.networkDefault,
  );
  value(
    'policies',
    'access.locked',
    before.policies.access.locked,
    after.policies.access.locked,
  );
  changes.push(
    ...named(
      'policies',
      'role binding',
      before.policies.access.roleBindings,
      after.policies.access.roleBindings,
      bindingText,
    ),
  );
  changes.push(
    ...named(
      'applications',
      'application',
      before.applications,
      after.applications,
      appText,
    ),
  );
  return changes;
}

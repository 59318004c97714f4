import type { ClusterRecord } from '../../../database/types';
import type { PlannedComponent } from '../../../plan/types';
import type { Phase } from './context';

/** A component, for people: `policy "…"`, `access "…"`, `application redis 1.2.3`. */
export function what(c: PlannedComponent): string {
  switch (c.kind) {
    case 'policyAssignment':
      return `policy "${c.name}"`;
    case 'roleDefinition':
      return `role "${c.name}"`;
    case 'roleAssignment':
      return `access "${c.name}"`;
    case 'extension':
      return c.name;
    default:
      return c.layer === 'applications'
        ? `application ${c.name}${c.version ? ` ${c.version}` : ''}`
        : c.name;
  }
}

/** What the engine was doing to a component, for a failure's message. */
export function doing(c: PlannedComponent): string {
  switch (c.kind) {
    case 'policyAssignment':
      return `assigning ${what(c)}`;
    case 'roleDefinition':
      return `defining ${what(c)}`;
    case 'roleAssignment':
      return `granting ${what(c)}`;
    default:
      return `installing ${what(c)}`;
  }
}

/** How long the engine waited, for people. */
export function waited(ms: number): string {
  return ms < 60_000
    ? `${Math.round(ms / 1000)} s`
    : `${Math.round(ms / 60_000)} min`;
}

/** The status line of a phase whose components are all in place. */
export function summary(
  phase: Phase,
  components: PlannedComponent[],
  cluster: ClusterRecord,
): string {
  if (phase === 'Policies') {
    const grants = components.filter(c => c.kind === 'roleAssignment').length;
    const parts = [
      ...components.filter(c => c.kind === 'policyAssignment').map(c => c.name),
      `${grants} role assignment${grants === 1 ? '' : 's'}`,
      ...components
        .filter(c => c.kind === 'extension' || c.kind === 'fluxConfiguration')
        .map(c => c.name),
    ];
    return `Policies in place: ${parts.join(
      ', ',
    )}. Installing the applications`;
  }
  const apps = components.map(c => `${c.name} ${c.version ?? ''}`.trim());
  return `Cluster ${cluster.name} is Ready${
    apps.length ? ` with ${apps.join(', ')}` : ''
  }`;
}

/**
 * Kubernetes versions AKS offers, by minor version, newest patch last, as
 * `az aks get-versions` / `locations/{l}/kubernetesVersions` list them
 * (AKS release calendar, late 2026: 1.31 in long-term support, 1.32 to 1.34
 * community-supported, 1.35 in preview). `kubernetesVersion` may name a
 * minor version (`1.33`, AKS picks its newest patch) or a patch (`1.33.3`).
 */
export interface KubernetesMinorVersion {
  version: string;
  patches: string[];
  isPreview?: boolean;
  isDefault?: boolean;
  /** Only with the Premium tier (long-term support). */
  lts?: boolean;
}

export const KUBERNETES_VERSIONS: readonly KubernetesMinorVersion[] = [
  { version: '1.31', patches: ['1.31.10', '1.31.11', '1.31.13'], lts: true },
  { version: '1.32', patches: ['1.32.6', '1.32.7', '1.32.9'] },
  { version: '1.33', patches: ['1.33.2', '1.33.3', '1.33.5'], isDefault: true },
  { version: '1.34', patches: ['1.34.0', '1.34.1'] },
  { version: '1.35', patches: ['1.35.0'], isPreview: true },
];

/**
 * Which minor versions a region offers: `{ [location]: ['1.32', …] }`, `*`
 * for every region not named. The default offers every version everywhere.
 */
export type KubernetesVersionsByRegion = Record<string, string[]>;

export function versionsInRegion(
  byRegion: KubernetesVersionsByRegion,
  location: string,
): KubernetesMinorVersion[] {
  const minors = byRegion[location] ?? byRegion['*'];
  return minors
    ? KUBERNETES_VERSIONS.filter(v => minors.includes(v.version))
    : [...KUBERNETES_VERSIONS];
}

/**
 * The patch version a requested `kubernetesVersion` resolves to in a
 * region, or undefined when the region does not offer it.
 */
export function resolveKubernetesVersion(
  byRegion: KubernetesVersionsByRegion,
  location: string,
  requested: string,
): string | undefined {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(requested);
  if (!m) return undefined;
  const minor = versionsInRegion(byRegion, location).find(
    v => v.version === `${Number(m[1])}.${Number(m[2])}`,
  );
  if (!minor) return undefined;
  if (m[3] === undefined) return minor.patches[minor.patches.length - 1];
  return minor.patches.includes(requested) ? requested : undefined;
}

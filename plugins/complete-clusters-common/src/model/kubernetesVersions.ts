/**
 * Kubernetes minor versions AKS supports (`1.<minor>`), oldest and newest,
 * late 2026: 1.31 in long-term support up to 1.35 in preview.
 * @public
 */
export const SUPPORTED_KUBERNETES_MINORS = { oldest: 31, newest: 35 } as const;

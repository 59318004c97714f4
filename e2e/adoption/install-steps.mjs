/*
 * The installation steps of complete clusters in an existing Backstage app
 * (one made by `@backstage/create-app`: new frontend system, new backend
 * system), in one place. The adoption test applies exactly these to a fresh
 * app; the package READMEs quote them. Print them as Markdown with
 *   node e2e/adoption/run.mjs --print-steps
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The npm packages a platform team adds, by workspace of its app (packages/app, packages/backend). */
export const packages = {
  app: ['@complete-clusters/plugin-complete-clusters'],
  backend: [
    '@complete-clusters/plugin-complete-clusters-backend',
    '@complete-clusters/plugin-catalog-backend-module-complete-clusters',
    '@complete-clusters/plugin-scaffolder-backend-module-complete-clusters',
  ],
};

/** The version range each package is added with. */
export const versionRange = '^0.1.0';

/** The lines added to packages/backend/src/index.ts, before `backend.start();`. */
export const backendLines = [
  "backend.add(import('@complete-clusters/plugin-complete-clusters-backend'));",
  "backend.add(import('@complete-clusters/plugin-catalog-backend-module-complete-clusters'));",
  "backend.add(import('@complete-clusters/plugin-scaffolder-backend-module-complete-clusters'));",
];

/**
 * The frontend needs no code: with the new frontend system and `app.packages: all`
 * (create-app's default), adding the package to packages/app discovers the plugin,
 * its Clusters page (/clusters) and its navigation item, and the pre-flight checks
 * field (`CompleteClusterPreflight`) the generated Scaffolder forms name.
 */
export const frontendLines = [];

/**
 * The `completeClusters` block added to app-config.yaml, for a local trial
 * against the emulator: this repository's app-config.yaml block (subscription,
 * GitOps source, add-ons) with the quick start's emulator settings from
 * app-config.quickstart.yaml (endpoint https://localhost:7443 and its static
 * token) merged over it, so there is one copy of each.
 */
export const completeClustersConfig = (() => {
  const require = createRequire(import.meta.url);
  const YAML = require('yaml');
  const read = name => {
    const file = fileURLToPath(new URL(`../../${name}`, import.meta.url));
    return YAML.parse(fs.readFileSync(file, 'utf8'))?.completeClusters;
  };
  const base = read('app-config.yaml');
  if (!base) throw new Error('app-config.yaml has no completeClusters block');
  const merge = (a, b) => {
    if (!b || typeof b !== 'object' || Array.isArray(b)) return b ?? a;
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a?.[k], v);
    return out;
  };
  return merge(base, read('app-config.quickstart.yaml'));
})();

/**
 * Catalog locations added to app-config.yaml `catalog.locations` (paths relative
 * to packages/backend, as create-app's own). Each ClusterTemplate also yields a
 * Scaffolder Template of the same name, so both kinds are allowed on the location.
 */
export const catalogLocations = ['developer', 'testing', 'production'].map(
  name => ({
    type: 'file',
    target: `../../examples/cluster-templates/${name}.yaml`,
    rules: [{ allow: ['ClusterTemplate', 'Template'] }],
  }),
);

/** The permission framework stays on (create-app turns it on already). */
export const permissionConfig = { enabled: true };

/**
 * The backend trusts the emulator's self-signed certificate the standard Node
 * way; with real Azure this is not needed.
 */
export const backendEnvironment = {
  NODE_EXTRA_CA_CERTS: '~/.azure-arm-emulator/cert.pem',
};

/** The emulator, run from its npm package. */
export const emulatorCommand =
  'npx @complete-clusters/azure-arm-emulator --port 7443 --cert-dir ~/.azure-arm-emulator';

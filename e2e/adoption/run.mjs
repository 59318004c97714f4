#!/usr/bin/env node
/*
 * Adoption test: a stranger's Backstage installs complete clusters.
 *
 * Builds and `yarn pack`s this repository's publishable packages, copies a
 * fresh `@backstage/create-app` app (e2e/adoption/fresh-app) to a temporary
 * folder outside the repository, applies exactly the installation steps of
 * e2e/adoption/install-steps.mjs, installs it with the tarballs (not workspace
 * links), starts the Azure emulator from its tarball's `bin`, starts that app's
 * backend and frontend, and checks what a platform team would check: the example
 * ClusterTemplates ingest, their Scaffolder Templates exist, the two actions are
 * listed, /api/complete-clusters answers, a developer cluster reaches Ready, and
 * Chromium shows the Clusters page with the template gallery.
 *
 *   ./portal yarn test:adoption            (or: node e2e/adoption/run.mjs)
 *   node e2e/adoption/run.mjs --print-steps   the installation steps as Markdown
 *
 * Options: --skip-tsc (dist-types are fresh, e.g. right after `yarn tsc`).
 * Environment: ADOPTION_KEEP=1 keeps the temporary folder; ADOPTION_EMULATOR_PORT,
 * ADOPTION_BACKEND_PORT, ADOPTION_FRONTEND_PORT (defaults 7543, 7107, 3100);
 * CHROMIUM_PATH (default /usr/bin/chromium).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as steps from './install-steps.mjs';
import { printSteps } from './printSteps.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const require = createRequire(path.join(ROOT, 'package.json'));
const YARN_RELEASE = '.yarn/releases/yarn-4.13.0.cjs';

/** This repository's publishable packages: workspace folder -> npm name. */
const PUBLISHED = {
  'plugins/complete-clusters-common':
    '@complete-clusters/plugin-complete-clusters-common',
  'plugins/complete-clusters': '@complete-clusters/plugin-complete-clusters',
  'plugins/complete-clusters-backend':
    '@complete-clusters/plugin-complete-clusters-backend',
  'plugins/catalog-backend-module-complete-clusters':
    '@complete-clusters/plugin-catalog-backend-module-complete-clusters',
  'plugins/scaffolder-backend-module-complete-clusters':
    '@complete-clusters/plugin-scaffolder-backend-module-complete-clusters',
  'packages/azure-arm-emulator': '@complete-clusters/azure-arm-emulator',
};

const PORTS = {
  emulator: Number(process.env.ADOPTION_EMULATOR_PORT || 7543),
  backend: Number(process.env.ADOPTION_BACKEND_PORT || 7107),
  frontend: Number(process.env.ADOPTION_FRONTEND_PORT || 3100),
};
const CLUSTER_NAME = 'adoption-dev';

/**
 * Pins this registry needs for create-app's output, besides the repository's own
 * root `resolutions`: create-app 0.9.2 (Backstage 1.55) asks for
 * @backstage/backend-defaults ^0.18 but @backstage/plugin-signals-backend ^0.3.19,
 * whose newest release (0.3.21) needs the WebSocket support of backend-defaults
 * 0.19 ("httpRouter.addWebSocketHandler is not a function"). create-app's yarn.lock
 * seed (GitHub, unreachable here) would have held it at its release's version.
 */
const FRESH_APP_PINS = {
  '@backstage/plugin-signals-backend': '0.3.19',
};

/**
 * Native modules the test never loads, left unbuilt: with GitHub unreachable they
 * compile from source, minutes each (API docs' tree-sitter parsers, Docker's ssh2,
 * keytar which cannot build here at all). better-sqlite3 is built.
 */
const UNBUILT = [
  'tree-sitter',
  'tree-sitter-json',
  '@tree-sitter-grammars/tree-sitter-yaml',
  'ssh2',
  'cpu-features',
  'keytar',
];

if (process.argv.includes('--print-steps')) {
  process.stdout.write(printSteps(steps));
  process.exit(0);
}

// ---------------------------------------------------------------- reporting
const started = Date.now();
const timings = [];
const seconds = ms => `${(ms / 1000).toFixed(1)} s`;
const say = text => process.stderr.write(`[adoption] ${text}\n`);
async function phase(name, fn) {
  const t0 = Date.now();
  say(`${name} ...`);
  try {
    const result = await fn();
    timings.push([name, Date.now() - t0]);
    say(`${name}: done in ${seconds(Date.now() - t0)}`);
    return result;
  } catch (e) {
    timings.push([`${name} (FAILED)`, Date.now() - t0]);
    throw e;
  }
}

// ---------------------------------------------------------------- processes
const services = [];
let tmp;

function cleanEnv(extra = {}) {
  // A clean environment for a different Yarn project: nothing of this
  // repository's `yarn run` (npm_package_*, PROJECT_CWD, its temporary PATH entry).
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (
      /^(npm_(?!config_nodedir$)|YARN_|BERRY_|PROJECT_CWD$|INIT_CWD$)/i.test(k)
    )
      continue;
    env[k] = v;
  }
  env.PATH = (env.PATH || '')
    .split(path.delimiter)
    .filter(p => !/\/xfs-[0-9a-f]+$/.test(p))
    .join(path.delimiter);
  env.PATH = [path.dirname(process.execPath), env.PATH].join(path.delimiter);
  return { ...env, ...extra };
}

/** Runs a command to completion; its output goes to a log file, shown on failure. */
function run(name, cmd, args, { cwd, env, logFile }) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('exit', code => {
      fs.closeSync(out);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `${name} exited with ${code}. Last lines of ${logFile}:\n${tail(
              logFile,
              40,
            )}`,
          ),
        );
    });
  });
}

function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/** Starts a long-running process in its own process group, stopped on exit. */
function startService(name, cmd, args, { cwd, env, logFile }) {
  const out = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, {
    cwd,
    env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const service = { name, child, logFile, exited: false };
  child.on('exit', code => {
    service.exited = true;
    service.code = code;
  });
  services.push(service);
  return service;
}

async function stopServices() {
  for (const s of services) {
    if (!s.exited) {
      try {
        process.kill(-s.child.pid, 'SIGTERM');
      } catch {}
    }
  }
  const deadline = Date.now() + 10_000;
  while (services.some(s => !s.exited) && Date.now() < deadline)
    await sleep(200);
  for (const s of services) {
    try {
      process.kill(-s.child.pid, 'SIGKILL'); // the whole group, also grandchildren
    } catch {}
  }
}

/** Undoes a `backstage-cli package prepack` that did not reach its postpack. */
function restorePrepackedPackageJsons() {
  for (const dir of Object.keys(PUBLISHED)) {
    const backup = path.join(ROOT, dir, 'package.json-prepack');
    if (fs.existsSync(backup)) {
      fs.renameSync(backup, path.join(ROOT, dir, 'package.json'));
      say(`restored ${dir}/package.json after an interrupted pack`);
    }
  }
}

let cleaning;
async function cleanup() {
  cleaning ??= (async () => {
    await stopServices();
    restorePrepackedPackageJsons();
    if (tmp && !process.env.ADOPTION_KEEP)
      fs.rmSync(tmp, { recursive: true, force: true });
    else if (tmp) say(`kept ${tmp} (ADOPTION_KEEP)`);
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    say(`${signal}: stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Polls fn until it returns a value (not undefined), or fails naming what it waited for. */
async function until(what, fn, timeoutMs, watch = []) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    for (const s of watch) {
      if (s.exited)
        throw new Error(
          `${s.name} stopped (exit ${
            s.code
          }) while waiting for ${what}. Last lines of ${s.logFile}:\n${tail(
            s.logFile,
            40,
          )}`,
        );
    }
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${seconds(timeoutMs)} waiting for ${what}${
          last ? ` (last error: ${last.message})` : ''
        }`,
      );
    }
    await sleep(1000);
  }
}

function portIsFree(port) {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// ---------------------------------------------------------------- the test
async function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major !== 22 && major !== 24) {
    throw new Error(
      `Node ${process.version}: the adoption test needs Node 22 or 24, run it as ./portal yarn test:adoption`,
    );
  }
  for (const [what, port] of Object.entries(PORTS)) {
    if (!(await portIsFree(port)))
      throw new Error(
        `Port ${port} (${what}) is in use; set ADOPTION_${what.toUpperCase()}_PORT to a free one.`,
      );
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'complete-clusters-adoption-'));
  const logs = path.join(tmp, 'logs');
  const tarballs = path.join(tmp, 'tarballs');
  const app = path.join(tmp, 'app');
  fs.mkdirSync(logs);
  fs.mkdirSync(tarballs);
  say(`working in ${tmp}`);
  const repoYarn = (args, logName) =>
    run(
      `yarn ${args.join(' ')}`,
      process.execPath,
      [path.join(ROOT, YARN_RELEASE), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, FORCE_COLOR: '0' },
        logFile: path.join(logs, logName),
      },
    );

  // 1. Build and pack this repository's packages.
  if (!process.argv.includes('--skip-tsc')) {
    await phase('Type declarations (yarn tsc)', () =>
      repoYarn(['tsc'], 'tsc.log'),
    );
  }
  await phase('Build the packages (backstage-cli package build)', () =>
    inParallel(Object.values(PUBLISHED), 2, name =>
      repoYarn(['workspace', name, 'build'], `build-${safe(name)}.log`),
    ),
  );
  const packed = await phase('Pack the packages (yarn pack)', () =>
    inParallel(Object.values(PUBLISHED), 3, async name => {
      const file = path.join(tarballs, `${safe(name)}.tgz`);
      await repoYarn(
        ['workspace', name, 'pack', '--out', file],
        `pack-${safe(name)}.log`,
      );
      return { name, file, ...(await tarballContents(file)) };
    }),
  );
  for (const p of packed)
    say(`  ${p.name}: ${(p.bytes / 1024).toFixed(1)} kB, ${p.files} files`);
  const tarballOf = Object.fromEntries(packed.map(p => [p.name, p.file]));

  // 2. A fresh app, outside this repository, with the installation steps applied.
  await phase(
    'Copy the fresh create-app app and apply the installation steps',
    async () => {
      fs.cpSync(path.join(HERE, 'fresh-app'), app, { recursive: true });
      fs.mkdirSync(path.join(app, '.yarn/releases'), { recursive: true });
      fs.copyFileSync(
        path.join(ROOT, YARN_RELEASE),
        path.join(app, YARN_RELEASE),
      );
      applyInstallSteps(app, tarballOf);
    },
  );

  const appEnv = cleanEnv({
    FORCE_COLOR: '0',
    // CI=true makes Yarn refuse to write a lock file; this app has none yet.
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_PROGRESS_BARS: 'false',
    BROWSER: 'none',
  });
  const appYarn = (args, logName) =>
    run(
      `yarn ${args.join(' ')} (fresh app)`,
      process.execPath,
      [path.join(app, YARN_RELEASE), ...args],
      {
        cwd: app,
        env: appEnv,
        logFile: path.join(logs, logName),
      },
    );
  await phase('Install the fresh app (yarn install)', () =>
    appYarn(['install'], 'install.log'),
  );

  // 3. The emulator from its tarball's bin, the backend, the frontend.
  const certDir = path.join(tmp, 'emulator');
  const emulator = startService(
    'emulator',
    'npm',
    [
      'exec',
      '--yes',
      `--package=${tarballOf['@complete-clusters/azure-arm-emulator']}`,
      '--',
      'azure-arm-emulator',
      '--port',
      String(PORTS.emulator),
      '--host',
      '127.0.0.1',
      '--cert-dir',
      certDir,
      '--operation-duration-ms',
      '300',
    ],
    { cwd: tmp, env: cleanEnv(), logFile: path.join(logs, 'emulator.log') },
  );
  await phase(
    `Start the emulator from its package's bin (https://localhost:${PORTS.emulator})`,
    () =>
      until(
        'the emulator to listen',
        () =>
          /listening on https:/.test(tail(emulator.logFile, 5))
            ? true
            : undefined,
        120_000,
        [emulator],
      ),
  );

  const backendEnv = {
    ...appEnv,
    NODE_EXTRA_CA_CERTS: path.join(certDir, 'cert.pem'),
  };
  const base = `http://localhost:${PORTS.backend}`;
  const backend = startService(
    'backend',
    process.execPath,
    [path.join(app, YARN_RELEASE), 'workspace', 'backend', 'start'],
    {
      cwd: app,
      env: backendEnv,
      logFile: path.join(logs, 'backend.log'),
    },
  );
  await phase(`Start the fresh app's backend (${base})`, () =>
    until(
      'the backend to be ready',
      async () =>
        (
          await fetch(`${base}/.backstage/health/v1/readiness`)
        ).ok
          ? true
          : undefined,
      300_000,
      [backend],
    ),
  );
  const frontend = startService(
    'frontend',
    process.execPath,
    [path.join(app, YARN_RELEASE), 'workspace', 'app', 'start'],
    {
      cwd: app,
      env: appEnv,
      logFile: path.join(logs, 'frontend.log'),
    },
  );

  // 4. What a platform team checks over HTTP.
  const token = await phase('Guest sign-in', async () => {
    const res = await fetch(`${base}/api/auth/guest/refresh`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (!res.ok)
      throw new Error(
        `GET /api/auth/guest/refresh answered ${
          res.status
        }: ${await res.text()}`,
      );
    return (await res.json()).backstageIdentity.token;
  });
  const api = async (p, init = {}) => {
    const res = await fetch(`${base}${p}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        ...(init.headers || {}),
      },
    });
    const text = await res.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  };
  const names = ['developer', 'production', 'testing'];
  const entityNames = async kind =>
    (
      (
        await api(
          `/api/catalog/entities/by-query?filter=kind=${kind}&limit=100`,
        )
      ).body.items || []
    )
      .map(e => e.metadata.name)
      .sort();

  await phase('The three example ClusterTemplates are in the catalog', () =>
    until(
      'ClusterTemplates developer, production, testing',
      async () => {
        const got = await entityNames('ClusterTemplate');
        return names.every(n => got.includes(n)) ? got : undefined;
      },
      180_000,
      [backend],
    ),
  );
  await phase('Their Scaffolder Templates exist', () =>
    until(
      'Templates developer, production, testing',
      async () => {
        const got = await entityNames('Template');
        return names.every(n => got.includes(n)) ? got : undefined;
      },
      120_000,
      [backend],
    ),
  );
  await phase('Both Scaffolder actions are listed', async () => {
    const { status, body } = await api('/api/scaffolder/v2/actions');
    const ids = Array.isArray(body) ? body.map(a => a.id) : [];
    for (const id of [
      'complete-clusters:cluster:request',
      'complete-clusters:cluster:wait',
    ]) {
      if (!ids.includes(id))
        throw new Error(
          `/api/scaffolder/v2/actions (${status}) does not list ${id}`,
        );
    }
  });
  await phase('/api/complete-clusters answers', async () => {
    const { status, body } = await api('/api/complete-clusters/clusters');
    if (status !== 200 || !Array.isArray(body.items))
      throw new Error(
        `GET /api/complete-clusters/clusters answered ${status}: ${JSON.stringify(
          body,
        )}`,
      );
  });
  await phase(
    `A developer cluster requested through the Scaffolder reaches Ready (${CLUSTER_NAME})`,
    async () => {
      const created = await api('/api/scaffolder/v2/tasks', {
        method: 'POST',
        body: JSON.stringify({
          templateRef: 'template:default/developer',
          values: { name: CLUSTER_NAME },
        }),
      });
      if (created.status !== 201)
        throw new Error(
          `POST /api/scaffolder/v2/tasks answered ${
            created.status
          }: ${JSON.stringify(created.body)}`,
        );
      const task = await until(
        'the Scaffolder task to end',
        async () => {
          const t = (await api(`/api/scaffolder/v2/tasks/${created.body.id}`))
            .body;
          return ['completed', 'failed', 'cancelled'].includes(t.status)
            ? t
            : undefined;
        },
        300_000,
        [backend],
      );
      if (task.status !== 'completed') {
        const events = (
          await api(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        ).body;
        const messages = Array.isArray(events)
          ? events
              .map(e => e.body?.message)
              .filter(Boolean)
              .slice(-15)
              .join('\n  ')
          : '';
        throw new Error(
          `The Scaffolder task ended ${task.status}:\n  ${messages}`,
        );
      }
      const cluster = (
        await api(`/api/complete-clusters/clusters/${CLUSTER_NAME}`)
      ).body;
      if (cluster.phase !== 'Ready')
        throw new Error(
          `The cluster is ${cluster.phase}, not Ready: ${JSON.stringify(
            cluster,
          ).slice(0, 500)}`,
        );
    },
  );

  // 5. Chromium opens the app's Clusters page.
  const frontendUrl = `http://localhost:${PORTS.frontend}`;
  await phase(`Start the fresh app's frontend (${frontendUrl})`, () =>
    until(
      'the frontend dev server',
      async () => ((await fetch(frontendUrl)).ok ? true : undefined),
      300_000,
      [frontend],
    ),
  );
  await phase(
    'Chromium shows the Clusters page with the template gallery',
    () => checkClustersPage(`${frontendUrl}/clusters`, logs),
  );
}

function safe(name) {
  return name.replace(/^@/, '').replace(/\//g, '-');
}

async function inParallel(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

async function tarballContents(file) {
  const list = await new Promise((resolve, reject) => {
    const child = spawn('tar', ['-tzf', file]);
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolve(out)
        : reject(new Error(`tar -tzf ${file} exited with ${code}`)),
    );
  });
  return {
    bytes: fs.statSync(file).size,
    files: list.split('\n').filter(l => l && !l.endsWith('/')).length,
  };
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Applies install-steps.mjs to the fresh app, plus this machine's test environment. */
function applyInstallSteps(app, tarballOf) {
  const YAML = require('yaml');

  // Packages, at the version range a user adds them with.
  for (const [workspace, names] of Object.entries(steps.packages)) {
    const file = path.join(app, 'packages', workspace, 'package.json');
    const pkg = readJson(file);
    for (const name of names) pkg.dependencies[name] = steps.versionRange;
    pkg.dependencies = Object.fromEntries(
      Object.entries(pkg.dependencies).sort(([a], [b]) => a.localeCompare(b)),
    );
    writeJson(file, pkg);
  }

  // Test environment: the packed tarballs instead of the npm registry (they
  // depend on each other by version), and this registry's version pins.
  const rootFile = path.join(app, 'package.json');
  const root = readJson(rootFile);
  const repoResolutions = readJson(path.join(ROOT, 'package.json')).resolutions;
  for (const [name, version] of Object.entries(repoResolutions)) {
    if (!(name in root.resolutions)) root.resolutions[name] = version;
  }
  Object.assign(root.resolutions, FRESH_APP_PINS);
  for (const [name, file] of Object.entries(tarballOf))
    root.resolutions[name] = `file:${file}`;
  root.dependenciesMeta = Object.fromEntries(
    UNBUILT.map(name => [name, { built: false }]),
  );
  writeJson(rootFile, root);

  // The backend lines, before backend.start().
  const indexFile = path.join(app, 'packages/backend/src/index.ts');
  const index = fs.readFileSync(indexFile, 'utf8');
  if (!index.includes('backend.start();'))
    throw new Error(
      `${indexFile} has no backend.start(); create-app's backend changed`,
    );
  fs.writeFileSync(
    indexFile,
    index.replace(
      'backend.start();',
      `// complete clusters\n${steps.backendLines.join(
        '\n',
      )}\n\nbackend.start();`,
    ),
  );

  // app-config.yaml: the completeClusters block, the template locations, permissions on.
  const configFile = path.join(app, 'app-config.yaml');
  const doc = YAML.parseDocument(fs.readFileSync(configFile, 'utf8'));
  doc.set('completeClusters', doc.createNode(steps.completeClustersConfig));
  const locations = doc.getIn(['catalog', 'locations']);
  for (const location of steps.catalogLocations)
    locations.add(doc.createNode(location));
  doc.set('permission', doc.createNode(steps.permissionConfig));
  fs.writeFileSync(configFile, doc.toString());

  // The example templates and organisation (ours replaces create-app's, which
  // has the same guest user without the Entra id the templates' role bindings use).
  fs.mkdirSync(path.join(app, 'examples/cluster-templates'), {
    recursive: true,
  });
  for (const file of fs.readdirSync(
    path.join(ROOT, 'examples/cluster-templates'),
  )) {
    fs.copyFileSync(
      path.join(ROOT, 'examples/cluster-templates', file),
      path.join(app, 'examples/cluster-templates', file),
    );
  }
  fs.copyFileSync(
    path.join(ROOT, 'examples/org.yaml'),
    path.join(app, 'examples/org.yaml'),
  );

  // This machine: ports that do not collide with the repository's own portal,
  // loopback only, the emulator on its test port.
  const local = {
    app: { baseUrl: `http://localhost:${PORTS.frontend}` },
    backend: {
      baseUrl: `http://localhost:${PORTS.backend}`,
      listen: { port: PORTS.backend, host: '127.0.0.1' },
      cors: { origin: `http://localhost:${PORTS.frontend}` },
    },
    // The guest enters as the example organisation's guest user, who has the
    // Microsoft Entra object id the templates' role bindings need (in a real
    // portal users come from the Microsoft Graph catalog provider).
    auth: { providers: { guest: { userEntityRef: 'user:default/guest' } } },
    completeClusters: {
      azure: { endpoint: `https://localhost:${PORTS.emulator}` },
      engine: { pollIntervalMs: 500 },
      scaffolder: { pollIntervalSeconds: 1 },
    },
  };
  fs.writeFileSync(
    path.join(app, 'app-config.local.yaml'),
    YAML.stringify(local),
  );
}

async function checkClustersPage(url, logs) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 180_000 });
    // create-app's app signs in as guest on its sign-in page when it shows one.
    const guest = page.getByRole('button', { name: /enter/i });
    const gallery = page
      .getByText('Developer cluster', { exact: true })
      .first();
    await Promise.race([
      guest.waitFor({ timeout: 180_000 }),
      gallery.waitFor({ timeout: 180_000 }),
    ]);
    if (await guest.isVisible().catch(() => false)) await guest.click();
    try {
      for (const title of [
        'Developer cluster',
        'Testing cluster',
        'Production cluster',
      ]) {
        await page
          .getByText(title, { exact: true })
          .first()
          .waitFor({ timeout: 120_000 });
      }
    } catch (e) {
      const shot = path.join(logs, 'clusters-page.png');
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      throw new Error(
        `The Clusters page at ${url} does not show the template gallery (${
          e.message
        }); page text: ${(await page.innerText('body').catch(() => '')).slice(
          0,
          800,
        )}`,
      );
    }
  } finally {
    await browser.close();
  }
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  exitCode = 1;
  say(`FAILED: ${e.stack || e}`);
  if (tmp) say(`logs: ${path.join(tmp, 'logs')} (kept with ADOPTION_KEEP=1)`);
}
const cleanupStarted = Date.now();
await cleanup();
timings.push([
  'Clean up (stop processes, remove the temporary folder)',
  Date.now() - cleanupStarted,
]);
say('Phases:');
for (const [name, ms] of timings) say(`  ${seconds(ms).padStart(8)}  ${name}`);
say(
  `Total: ${seconds(Date.now() - started)} -- adoption test ${
    exitCode === 0 ? 'PASSED' : 'FAILED'
  }`,
);
process.exit(exitCode);

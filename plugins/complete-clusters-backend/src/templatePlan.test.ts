import fs from 'fs';
import os from 'os';
import path from 'path';
import type { AddressInfo } from 'net';
import request from 'supertest';
import { parse } from 'yaml';
import { mockCredentials } from '@backstage/backend-test-utils';
import { run } from '@complete-clusters/cli';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { startTrustedEmulator } from './__testUtils__/emulator';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';
import { setUpStep } from './__testUtils__/setUpStep';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
/** A platform engineer: member of group:default/platform-team, which owns the example templates. */
const PAULA = 'user:default/paula';
const TEAM = 'group:default/platform-team';

describe('planning a template change in a pull request against the live portal', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  let portalUrl: string;
  const api = () => request(portal.backend.server);
  const tokenOf = (who: string) => portal.asUser(who).replace(/^Bearer /, '');

  /** The `complete-clusters plan` command line, run as `who`, with its output and exit code. */
  async function plan(who: string, ...args: string[]) {
    const lines: string[] = [];
    const code = await run(
      ['plan', ...args, '--portal', portalUrl],
      line => lines.push(line),
      { COMPLETE_CLUSTERS_TOKEN: tokenOf(who) },
    );
    return { code, markdown: lines.join('\n') };
  }

  /** A changed copy of the developer template, as a pull request would carry it. */
  function proposal(edit: (yaml: string) => string) {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'pr-')),
      'developer.yaml',
    );
    fs.writeFileSync(
      file,
      edit(
        fs.readFileSync(
          path.join(portal.templatesDir, 'developer.yaml'),
          'utf8',
        ),
      ),
    );
    return file;
  }

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    portal = await startCompleteClustersBackend({
      emulator,
      users: [ALICE, BOB, PAULA],
      memberships: { [PAULA]: [TEAM] },
    });
    portalUrl = `http://localhost:${
      (portal.backend.server.address() as AddressInfo).port
    }`;

    // Two developer clusters on two versions: dev-old at 1.0.0, then the template moves to 1.1.0 (kafka 0.48.0) and dev-new is made from that.
    const ask = (name: string) =>
      api()
        .post('/api/complete-clusters/clusters')
        .set('Authorization', portal.asUser(ALICE))
        .send({ templateRef: 'clustertemplate:default/developer', name });
    setUpStep('request dev-old', (await ask('dev-old')).status, 201);
    // Reading a template's history records the version the catalog shows now.
    setUpStep(
      'read the template history',
      (
        await api()
          .get('/api/complete-clusters/templates/default/developer/history')
          .set('Authorization', portal.asUser(ALICE))
      ).status,
      200,
    );
    const file = path.join(portal.templatesDir, 'developer.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('version: 1.0.0', 'version: 1.1.0')
        .replace('version: 0.47.0', 'version: 0.48.0'),
    );
    await api()
      .post('/api/catalog/refresh')
      .set('Authorization', portal.asUser(PAULA))
      .send({ entityRef: 'clustertemplate:default/developer' });
    await until('the developer template at 1.1.0', async () => {
      const res = await api()
        .get('/api/catalog/entities/by-name/clustertemplate/default/developer')
        .set('Authorization', portal.asUser(PAULA));
      return res.body?.spec?.version === '1.1.0' ? true : undefined;
    });
    setUpStep('request dev-new', (await ask('dev-new')).status, 201);
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
  });

  it("keeps the template's versions with what each changed, newest first", async () => {
    const res = await api()
      .get('/api/complete-clusters/templates/default/developer/history')
      .set('Authorization', portal.asUser(BOB));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      templateRef: 'clustertemplate:default/developer',
      versions: [
        {
          version: '1.1.0',
          previousVersion: '1.0.0',
          changes: [
            {
              layer: 'applications',
              field: 'application kafka',
              from: 'strimzi-kafka-operator chart 0.47.0 in kafka',
              to: 'strimzi-kafka-operator chart 0.48.0 in kafka',
            },
          ],
        },
        { version: '1.0.0', changes: [] },
      ],
    });
    const unknown = await api()
      .get('/api/complete-clusters/templates/default/nothing-here/history')
      .set('Authorization', portal.asUser(BOB));
    expect(unknown.status).toBe(404);
  });

  it('lists every developer cluster with the Redis change and the layers it leaves alone, as markdown', async () => {
    const file = proposal(yaml =>
      yaml
        .replace('version: 1.1.0', 'version: 1.2.0')
        .replace('version: 21.2.5', 'version: 21.3.0'),
    );
    const { code, markdown } = await plan(PAULA, file);
    expect(code).toBe(0);
    expect(markdown).toContain(
      '### ClusterTemplate `clustertemplate:default/developer`: 1.1.0 → 1.2.0',
    );
    expect(markdown).toContain(
      '2 clusters: 2 would be offered the update, 0 could not take it.',
    );
    const row = (name: string) =>
      markdown.split('\n').find(line => line.startsWith(`| ${name} |`));
    // dev-new (1.1.0) gets only Redis; dev-old (1.0.0) gets Kafka's move to 0.48.0 as well.
    expect(row('dev-new')).toMatch(
      /^\| dev-new \| development \| user:default\/alice \| \w+ \| 1\.1\.0 \| unchanged \| unchanged \| application redis 21\.2\.5 → 21\.3\.0 \|$/,
    );
    expect(row('dev-old')).toContain(
      '| 1.0.0 | unchanged | unchanged | application redis 21.2.5 → 21.3.0<br>application kafka 0.47.0 → 0.48.0 |',
    );
  });

  it('says which clusters could not take a version that moves them to another region, and fails the check', async () => {
    const file = proposal(yaml =>
      yaml
        .replace('version: 1.1.0', 'version: 2.0.0')
        // Another region the template allows becomes its default: the clusters that took the default would move.
        .replace('location: southeastasia', 'location: centralindia'),
    );
    const { code, markdown } = await plan(PAULA, file);
    expect(code).toBe(1);
    expect(markdown).toContain(
      '2 clusters: 0 would be offered the update, 2 could not take it.',
    );
    expect(markdown).toMatch(
      /- `dev-old`: Version 2.0.0 moves clusters to centralindia; an AKS cluster cannot change region/,
    );
    expect((await plan(PAULA, file, '--allow-blocked')).code).toBe(0);
  });

  it('warns when a template changes without a new version, as no cluster would be offered the change', async () => {
    const file = proposal(yaml =>
      yaml.replace('version: 21.2.5', 'version: 21.3.0'),
    );
    const { markdown } = await plan(PAULA, file);
    expect(markdown).toContain(
      'keeps version 1.1.0: no cluster would be offered the change. Fix: raise spec.version.',
    );
  });

  it('answers only members of the group that owns the template in the catalog, whatever owner the proposal names', async () => {
    const file = proposal(yaml =>
      yaml
        .replace('version: 1.1.0', 'version: 1.2.0')
        .replace(
          'owner: group:default/platform-team',
          'owner: user:default/alice',
        ),
    );
    const { code, markdown } = await plan(ALICE, file);
    expect(code).toBe(2);
    expect(markdown).toContain(
      'Only members of group:default/platform-team, which owns clustertemplate:default/developer, plan changes to it.',
    );
    expect(markdown).not.toContain('dev-old');
  });

  it('answers a pipeline signed in as a service (a static external-access token), as the permission policy allows', async () => {
    const file = proposal(yaml =>
      yaml
        .replace('version: 1.1.0', 'version: 1.2.0')
        .replace('version: 21.2.5', 'version: 21.3.0'),
    );
    const lines: string[] = [];
    const service = mockCredentials.service.token({
      onBehalfOf: mockCredentials.service('external:pull-request-checks'),
      targetPluginId: 'complete-clusters',
    });
    const code = await run(
      ['plan', file, '--portal', portalUrl],
      line => lines.push(line),
      { COMPLETE_CLUSTERS_TOKEN: service },
    );
    expect(code).toBe(0);
    expect(lines.join('\n')).toContain(
      '2 clusters: 2 would be offered the update',
    );
  });

  it('refuses an invalid proposal with the catalog’s message, naming the field', async () => {
    const file = proposal(yaml =>
      yaml.replace(
        'autoscale: { min: 0, max: 2 }',
        'autoscale: { min: 3, max: 2 }',
      ),
    );
    const { code, markdown } = await plan(PAULA, file);
    expect(code).toBe(1);
    expect(markdown).toContain(
      'spec.infrastructure.nodePools[1].autoscale: min 3 is greater than max 2',
    );
    const direct = await api()
      .post('/api/complete-clusters/templates/plan')
      .set('Authorization', portal.asUser(PAULA))
      .send({ template: { kind: 'Component' } });
    expect(direct.status).toBe(400);
  });

  it('refuses a proposal whose metadata no entity can have, naming the field, for anyone', async () => {
    const developer = parse(
      fs.readFileSync(path.join(portal.templatesDir, 'developer.yaml'), 'utf8'),
    );
    for (const [metadata, field] of [
      [{}, 'template.metadata.name'],
      [{ name: 5 }, 'template.metadata.name'],
      [{ name: 'Bad Name!' }, 'template.metadata.name'],
      [{ name: 'developer', namespace: 7 }, 'template.metadata.namespace'],
      [{ name: 'developer', namespace: '' }, 'template.metadata.namespace'],
    ] as const) {
      const res = await api()
        .post('/api/complete-clusters/templates/plan')
        .set('Authorization', portal.asUser(BOB))
        .send({ template: { ...developer, metadata } });
      expect({ metadata, status: res.status }).toEqual({
        metadata,
        status: 400,
      });
      expect(res.body.error.message).toContain(field);
      expect(res.body.error.message).toContain('Fix:');
    }
  });

  it('lets a user plan a template the catalog does not have yet under the owner it names, as it reveals no cluster', async () => {
    const file = proposal(yaml =>
      yaml
        .replace('name: developer', 'name: brand-new')
        .replace(
          'owner: group:default/platform-team',
          'owner: user:default/bob',
        ),
    );
    const { code, markdown } = await plan(BOB, file);
    expect(code).toBe(0);
    expect(markdown).toContain(
      '### ClusterTemplate `clustertemplate:default/brand-new`',
    );
    expect(markdown).not.toContain('dev-old');
  });
});

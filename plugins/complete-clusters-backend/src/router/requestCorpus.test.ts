import request from 'supertest';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { emulatorState, startTrustedEmulator } from '../__testUtils__/emulator';
import { startCompleteClustersBackend } from '../__testUtils__/testBackend';

jest.setTimeout(180_000);

const USER = 'user:default/alice';
const DEVELOPER = 'clustertemplate:default/developer';
const HUGE = 'x'.repeat(100_000);

/** One malformed request: where it goes, what it sends, and the field its refusal must name. */
interface Case {
  what: string;
  method: 'get' | 'post';
  path: string;
  body?: unknown;
  /** Sent as is, with Content-Type: application/json (malformed JSON). */
  raw?: string;
  /** Text the refusal's message must contain (the field), or undefined where the body as a whole is refused. */
  names?: string;
  /** The one status expected, when it is not simply 400. */
  status?: number;
}

const BAD_NAMES: unknown[] = [
  '',
  'a',
  'ab',
  'Dev',
  'DEV-AI',
  '1cluster',
  '-dev',
  'dev-',
  'dev_ai',
  'dev ai',
  'dev.ai',
  'dev/ai',
  '../etc',
  '%2e%2e',
  'dev\nai',
  'dev\u0000ai',
  'dev\tai',
  '\u001b[31mred',
  'clüster',
  'dev\u2028ai',
  'déjà-vu',
  '🙂cluster',
  'a'.repeat(55),
  `gpu-${'a'.repeat(56)}`,
  'a'.repeat(63),
  'a'.repeat(64),
  'a'.repeat(1000),
  HUGE,
  ' dev-ai',
  'dev-ai ',
  'dev-ai\n',
  'x'.repeat(54).toUpperCase(),
  123,
  0,
  -1,
  1.5,
  true,
  false,
  null,
  {},
  [],
  ['dev-ai'],
  { name: 'dev-ai' },
  // Every control character, inside an otherwise good name.
  ...Array.from(
    { length: 32 },
    (_, code) => `dev${String.fromCharCode(code)}ai`,
  ),
  'dev\u007fai',
];

const BAD_PARAMETERS: Array<[string, unknown]> = [
  ['gpuMaxNodes', 0],
  ['gpuMaxNodes', 5],
  ['gpuMaxNodes', -1],
  ['gpuMaxNodes', -5],
  ['gpuMaxNodes', 1.5],
  ['gpuMaxNodes', '3'],
  ['gpuMaxNodes', null],
  ['gpuMaxNodes', {}],
  ['gpuMaxNodes', []],
  ['gpuMaxNodes', true],
  ['gpuMaxNodes', 1e308],
  ['gpuMaxNodes', HUGE],
  ['kubernetesVersion', '1.20'],
  ['kubernetesVersion', '1.33\n'],
  ['kubernetesVersion', 1.33],
  ['kubernetesVersion', ''],
  ['kubernetesVersion', HUGE],
  ['kubernetesVersion', null],
  ['kubernetesVersion', '1.33 --set x=y'],
  ['kubernetesVersion', ['1.33']],
  // Fields the template locks, or that are no field at all.
  ['location', 'westeurope'],
  ['environment', 'production'],
  ['owner', 'user:default/mallory'],
  ['approval', { required: false }],
  ['infrastructure.location', 'eastus'],
  ['__proto__', { polluted: true }],
  ['constructor', 'x'],
  ['gpumaxnodes', 3],
  ['GPUMAXNODES', 3],
  ['gpuMaxNodes\n', 3],
  ['', 1],
  [HUGE.slice(0, 5000), 1],
];

const BAD_BODIES: Array<[string, unknown, string | undefined]> = [
  ['an array', [], 'JSON object'],
  ['a string', 'dev-ai', 'JSON object'],
  ['a number', 42, 'JSON object'],
  ['null', null, 'JSON object'],
  ['no templateRef', { name: 'corpus-a' }, 'templateRef'],
  [
    'an empty templateRef',
    { templateRef: '', name: 'corpus-a' },
    'templateRef',
  ],
  [
    'a numeric templateRef',
    { templateRef: 7, name: 'corpus-a' },
    'templateRef',
  ],
  [
    'a templateRef object',
    { templateRef: { kind: 'ClusterTemplate' }, name: 'corpus-a' },
    'templateRef',
  ],
  [
    'a component as templateRef',
    { templateRef: 'component:default/portal', name: 'corpus-a' },
    'templateRef',
  ],
  [
    'a malformed templateRef',
    { templateRef: 'clustertemplate:default/', name: 'corpus-a' },
    'templateRef',
  ],
  [
    'a templateRef with two colons',
    { templateRef: 'a:b:c/d', name: 'corpus-a' },
    'templateRef',
  ],
  [
    'a numeric templateVersion',
    { templateRef: DEVELOPER, templateVersion: 1, name: 'corpus-a' },
    'templateVersion',
  ],
  [
    'a templateVersion object',
    { templateRef: DEVELOPER, templateVersion: {}, name: 'corpus-a' },
    'templateVersion',
  ],
  [
    'parameters as a string',
    { templateRef: DEVELOPER, name: 'corpus-a', parameters: 'gpuMaxNodes=3' },
    'parameters',
  ],
  [
    'parameters as an array',
    { templateRef: DEVELOPER, name: 'corpus-a', parameters: [3] },
    'parameters',
  ],
  [
    'parameters as a number',
    { templateRef: DEVELOPER, name: 'corpus-a', parameters: 3 },
    'parameters',
  ],
  ['no name', { templateRef: DEVELOPER }, 'name'],
  [
    'an extra field',
    { templateRef: DEVELOPER, name: 'corpus-a', extra: 1 },
    '"extra"',
  ],
  [
    'an owner that is a user, not a group',
    { templateRef: DEVELOPER, name: 'corpus-a', owner: 'user:default/mallory' },
    'owner "user:default/mallory"',
  ],
  [
    'a spec field',
    {
      templateRef: DEVELOPER,
      name: 'corpus-a',
      spec: { environment: 'production' },
    },
    '"spec"',
  ],
  [
    'a phase field',
    { templateRef: DEVELOPER, name: 'corpus-a', phase: 'Ready' },
    '"phase"',
  ],
  [
    'a requestedBy field',
    {
      templateRef: DEVELOPER,
      name: 'corpus-a',
      requestedBy: 'user:default/bob',
    },
    '"requestedBy"',
  ],
  [
    'an id field',
    {
      templateRef: DEVELOPER,
      name: 'corpus-a',
      id: '00000000-0000-0000-0000-000000000000',
    },
    '"id"',
  ],
  [
    'a misspelt parameters',
    { templateRef: DEVELOPER, name: 'corpus-a', params: { gpuMaxNodes: 3 } },
    '"params"',
  ],
  [
    'a misspelt templateRef',
    { templateref: DEVELOPER, name: 'corpus-a' },
    'templateRef',
  ],
  [
    'a huge extra field',
    { templateRef: DEVELOPER, name: 'corpus-a', [HUGE.slice(0, 2000)]: 1 },
    'not a field of a cluster request',
  ],
];

const primitive = (body: unknown) =>
  body === null || (typeof body !== 'object' && body !== undefined);

function requestCases(): Case[] {
  const cases: Case[] = [];
  for (const path of ['/clusters', '/clusters/plan']) {
    for (const name of BAD_NAMES) {
      cases.push({
        what: `${path} name ${JSON.stringify(name)?.slice(0, 40)}`,
        method: 'post',
        path,
        body: { templateRef: DEVELOPER, name },
        names: 'name',
      });
    }
    for (const [id, value] of BAD_PARAMETERS) {
      cases.push({
        what: `${path} parameter ${id.slice(0, 30)} = ${JSON.stringify(
          value,
        )?.slice(0, 30)}`,
        method: 'post',
        path,
        body: {
          templateRef: DEVELOPER,
          name: 'corpus-params',
          parameters: { [id]: value },
        },
        names: `parameters.${id.slice(0, 100)}`,
      });
    }
    for (const [what, body, names] of BAD_BODIES)
      cases.push({
        what: `${path} ${what}`,
        method: 'post',
        path,
        body,
        names,
      });
    cases.push({
      what: `${path} malformed JSON`,
      method: 'post',
      path,
      raw: '{"templateRef": "clustertemplate:default/developer", "name": ',
    });
    cases.push({
      what: `${path} JSON with a trailing comma`,
      method: 'post',
      path,
      raw: '{"name": "corpus-a",}',
    });
    cases.push({
      what: `${path} a body over the size limit`,
      method: 'post',
      path,
      body: {
        templateRef: DEVELOPER,
        name: 'corpus-a',
        parameters: { x: 'y'.repeat(300_000) },
      },
      status: 413,
    });
    cases.push({
      what: `${path} a template that does not exist`,
      method: 'post',
      path,
      body: { templateRef: 'clustertemplate:default/nope', name: 'corpus-a' },
      names: 'clustertemplate:default/nope',
      status: 404,
    });
    cases.push({
      what: `${path} a template version the template has left`,
      method: 'post',
      path,
      body: {
        templateRef: DEVELOPER,
        templateVersion: '0.9.0',
        name: 'corpus-a',
      },
      names: '0.9.0',
      status: 409,
    });
  }
  // Decisions, updates, scaling, deletion and rollouts with bad bodies or for clusters that do not exist.
  const decisionBodies: Array<[unknown, string]> = [
    [null, 'decision'],
    [[], 'decision'],
    ['approve', 'decision'],
    [{}, 'decision'],
    [{ decision: 'yes', reason: 'ok' }, 'decision'],
    [{ decision: 'APPROVE', reason: 'ok' }, 'decision'],
    [{ decision: 1, reason: 'ok' }, 'decision'],
    [{ decision: 'approve' }, 'reason'],
    [{ decision: 'approve', reason: '' }, 'reason'],
    [{ decision: 'approve', reason: '   ' }, 'reason'],
    [{ decision: 'approve', reason: 5 }, 'reason'],
    [{ decision: 'approve', reason: ['ok'] }, 'reason'],
    [{ decision: 'reject', reason: 'r'.repeat(1001) }, 'reason'],
    [{ decision: 'reject', reason: HUGE }, 'reason'],
  ];
  for (const [body, names] of decisionBodies)
    cases.push({
      what: `decision ${JSON.stringify(body)?.slice(0, 40)}`,
      method: 'post',
      path: '/clusters/corpus-none/decision',
      body,
      names,
    });
  const scaleBodies: unknown[] = [
    null,
    [],
    'gpuMaxNodes=3',
    {},
    { parameters: 3 },
    { parameters: [3] },
    { parameters: 'x' },
    { gpuMaxNodes: 3 },
  ];
  for (const body of scaleBodies)
    cases.push({
      what: `scale ${JSON.stringify(body)}`,
      method: 'post',
      path: '/clusters/corpus-none/scale',
      body,
      names: 'parameters',
    });
  for (const body of [
    { toVersion: 1 },
    { toVersion: {} },
    { toVersion: ['1.0.0'] },
    { toVersion: true },
  ]) {
    cases.push({
      what: `update ${JSON.stringify(body)}`,
      method: 'post',
      path: '/clusters/corpus-none/update',
      body,
      names: 'toVersion',
    });
  }
  const rolloutBodies: Array<[unknown, string]> = [
    [{}, 'templateRef'],
    [{ templateRef: 3 }, 'templateRef'],
    [{ templateRef: '' }, 'templateRef'],
  ];
  for (const [body, names] of rolloutBodies)
    cases.push({
      what: `rollout ${JSON.stringify(body)}`,
      method: 'post',
      path: '/rollouts',
      body,
      names,
    });
  cases.push({
    what: 'rollout of a templateRef that is no entity ref',
    method: 'post',
    path: '/rollouts',
    body: { templateRef: 'a:b:c/d' },
    names: 'a:b:c/d',
    status: 400,
  });
  // Clusters that do not exist, by odd names in the path.
  for (const name of [
    'corpus-none',
    'a'.repeat(300),
    '%00',
    'dev%0Aai',
    '..%2F..%2Fetc',
    'DEV',
    '%F0%9F%99%82',
    'x%20y',
  ]) {
    for (const action of ['retry', 'delete', 'update', 'scale']) {
      const bodies: Record<string, object> = {
        scale: { parameters: { gpuMaxNodes: 3 } },
        delete: { confirm: name },
      };
      const body = bodies[action] ?? {};
      cases.push({
        what: `${action} of cluster ${name.slice(0, 20)}`,
        method: 'post',
        path: `/clusters/${name}/${action}`,
        body,
        status: 404,
      });
    }
    cases.push({
      what: `details of cluster ${name.slice(0, 20)}`,
      method: 'get',
      path: `/clusters/${name}`,
      status: 404,
    });
  }
  return cases;
}

describe('a corpus of malformed requests through the real router', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  const cases = requestCases();

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 50 });
    portal = await startCompleteClustersBackend({ emulator, users: [USER] });
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
  });

  const clusters = async () =>
    (
      await request(portal.backend.server)
        .get('/api/complete-clusters/clusters')
        .set('Authorization', portal.asUser(USER))
    ).body.items;

  it('has at least 300 malformed requests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });

  it('refuses each with a 4xx naming the field, never a 5xx or a stack trace, and leaves nothing behind', async () => {
    const before = {
      clusters: await clusters(),
      azure: (await emulatorState(emulator)).resources.length,
    };
    const wrong: string[] = [];
    const statuses: Record<number, number> = {};
    for (const c of cases) {
      let call = request(portal.backend.server)
        [c.method](`/api/complete-clusters${c.path}`)
        .set('Authorization', portal.asUser(USER));
      if (c.raw !== undefined)
        call = call.set('Content-Type', 'application/json').send(c.raw);
      else if (c.body !== undefined)
        call = call
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(c.body));
      const res = await call;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const message: string = res.body?.error?.message ?? '';
      const problems = [
        c.status
          ? res.status !== c.status && `status ${res.status}, not ${c.status}`
          : (res.status < 400 || res.status >= 500) && `status ${res.status}`,
        !c.status && res.status !== 400 && `status ${res.status}, not 400`,
        // A body that is not a JSON object or array is refused by the JSON parser as a whole.
        c.names &&
          !primitive(c.body) &&
          !message.includes(c.names) &&
          `message does not name ${c.names}: ${message.slice(0, 200)}`,
        JSON.stringify(res.body).includes('"stack"') && 'a stack trace',
        res.body?.error &&
          Object.keys(res.body.error).some(
            k => !['name', 'message'].includes(k),
          ) &&
          `error fields ${Object.keys(res.body.error)}`,
      ].filter(Boolean);
      if (problems.length > 0) wrong.push(`${c.what}: ${problems.join('; ')}`);
    }
    expect(wrong).toEqual([]);
    expect(
      Object.keys(statuses).every(s => Number(s) >= 400 && Number(s) < 500),
    ).toBe(true);
    // Nothing left behind: no cluster recorded, nothing made in Azure.
    expect(await clusters()).toEqual(before.clusters);
    expect((await emulatorState(emulator)).resources.length).toBe(before.azure);
  });

  it('refuses a 60-character name up front, saying AKS would refuse it as a DNS prefix', async () => {
    const name = `gpu-training-${'x'.repeat(47)}`;
    const res = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters')
      .set('Authorization', portal.asUser(USER))
      .send({ templateRef: DEVELOPER, name });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      `name: "${name}" has 60 characters; use 3-54 lowercase letters, digits and hyphens, starting with a letter and ending with a letter or digit (the name becomes the AKS cluster's DNS prefix, at most 54 characters).`,
    );
    expect(await clusters()).toEqual([]);
  });

  it('still accepts a valid request after all that', async () => {
    const res = await request(portal.backend.server)
      .post('/api/complete-clusters/clusters/plan')
      .set('Authorization', portal.asUser(USER))
      .send({
        templateRef: DEVELOPER,
        name: 'a'.repeat(54),
        parameters: { gpuMaxNodes: 4, kubernetesVersion: '1.32' },
      });
    expect(res.status).toBe(200);
    expect(res.body.cluster.name).toBe('a'.repeat(54));
  });
});

import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import { startTrustedEmulator } from './__testUtils__/emulator';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';

jest.setTimeout(240_000);

const PAULA = 'user:default/paula';
const BOB = 'user:default/bob';
const TEAM = 'group:default/platform-team';

/**
 * POST /rollouts over HTTP: what a malformed request is answered, before any
 * template is looked up or anything recorded; and a release of several
 * templates goes through the permission framework for each of them.
 */
describe('POST /rollouts: refusals', () => {
  let emulator: Emulator;
  let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
  const decisions: Array<{ permission: string; resourceRef?: string }> = [];

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 100 });
    // A policy: nobody rolls out the production template; everything else is allowed.
    const permissions = createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory: () => ({
        async authorize(requests: any[]) {
          return requests.map(r => {
            decisions.push({
              permission: r.permission.name,
              resourceRef: r.resourceRef,
            });
            const deny =
              r.permission.name === 'complete-clusters.template.rollout' &&
              r.resourceRef === 'clustertemplate:default/production';
            return {
              result: deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
            };
          });
        },
        async authorizeConditional(requests: any[]) {
          return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
        },
      }),
    });
    portal = await startCompleteClustersBackend({
      emulator,
      users: [PAULA, BOB],
      memberships: { [PAULA]: [TEAM] },
      features: [permissions],
    });
  });
  afterAll(async () => {
    await portal?.stop();
    await emulator?.close();
  });

  const post = (body: unknown, who = PAULA) =>
    request(portal.backend.server)
      .post('/api/complete-clusters/rollouts')
      .set('Authorization', portal.asUser(who))
      .send(body as object);
  const rollouts = async () =>
    (
      await request(portal.backend.server)
        .get('/api/complete-clusters/rollouts')
        .set('Authorization', portal.asUser(PAULA))
    ).body.items;

  it.each([
    [
      'not a ref!',
      /^templateRef "not a ref!" has name "not a ref!", which no entity can have .* Fix: use the form clustertemplate:default\/<name>\.$/,
    ],
    [
      'clustertemplate:default/',
      /^templateRef "clustertemplate:default\/" is not an entity ref\. Fix: /,
    ],
    [
      'a/b/c',
      /^templateRef "a\/b\/c" has name "b\/c", which no entity can have/,
    ],
    [
      'clustertemplate:Not_A_Namespace!/developer',
      /^templateRef ".+" has namespace "Not_A_Namespace!", which no entity can have/,
    ],
    [
      'component:default/developer',
      /^templateRef "component:default\/developer" points at a component, not a ClusterTemplate\. Fix: /,
    ],
    ['x:y:z', /^templateRef "x:y:z" points at a x, not a ClusterTemplate\./],
    ['   ', /^templateRef is missing\. Fix: /],
  ])(
    'answers 400 naming templateRef and the fix for the malformed %p, and records nothing',
    async (templateRef, message) => {
      const res = await post({ templateRef });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(await rollouts()).toEqual([]);
    },
  );

  it('answers 404 for a well-formed ref to a template that does not exist', async () => {
    const res = await post({ templateRef: 'clustertemplate:default/nowhere' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'There is no ClusterTemplate clustertemplate:default/nowhere in the catalog (templateRef).',
    );
  });

  it('refuses a malformed release naming the field: a bad entry, a repeated template, both shapes, an unknown field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        {
          templates: [
            { templateRef: 'clustertemplate:default/developer' },
            { templateRef: 'not a ref!' },
          ],
        },
        /^templates\[1\]\.templateRef "not a ref!" has name/,
      ],
      [
        {
          templates: [
            { templateRef: 'clustertemplate:default/developer' },
            { templateRef: 'developer' },
          ],
        },
        /^templates\[1\]\.templateRef names clustertemplate:default\/developer again \(also templates\[0\]\.templateRef\)\. Fix: /,
      ],
      [
        {
          templateRef: 'clustertemplate:default/developer',
          templates: [{ templateRef: 'clustertemplate:default/testing' }],
        },
        /^templateRef and templates are both given\. Fix: /,
      ],
      [{ templates: [] }, /^templates must be a list of at least one/],
      [
        { templates: [{ templateRef: 'developer', version: 7 }] },
        /^templates\[0\]\.version must be a version string/,
      ],
      [
        { templates: [{ templateRef: 'developer', env: 'production' }] },
        /^templates\[0\]\.env is not a field of a rollout's template/,
      ],
      [{ template: 'developer' }, /^template is not a field of a rollout\./],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect(await rollouts()).toEqual([]);
  });

  it('asks the permission framework about every template of a release and refuses the whole release naming the one denied', async () => {
    decisions.length = 0;
    const res = await post({
      templates: [
        { templateRef: 'clustertemplate:default/developer' },
        { templateRef: 'clustertemplate:default/production' },
      ],
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You are not allowed to roll out clustertemplate:default/production.',
    );
    expect(decisions).toEqual(
      expect.arrayContaining([
        {
          permission: 'complete-clusters.template.rollout',
          resourceRef: 'clustertemplate:default/developer',
        },
        {
          permission: 'complete-clusters.template.rollout',
          resourceRef: 'clustertemplate:default/production',
        },
      ]),
    );
    expect(await rollouts()).toEqual([]);
  });

  it("refuses a release with a template the user's groups do not own, naming it", async () => {
    const res = await post(
      { templates: [{ templateRef: 'clustertemplate:default/developer' }] },
      BOB,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Only members of group:default/platform-team, which owns clustertemplate:default/developer, roll it out.',
    );
  });

  it('refuses a version that is not the template’s current one, naming the field', async () => {
    const res = await post({
      templates: [
        { templateRef: 'clustertemplate:default/developer' },
        { templateRef: 'clustertemplate:default/testing', version: '9.9.9' },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(
      /^templates\[1\]\.version is 9\.9\.9, but clustertemplate:default\/testing is at version \S+; .* Fix: /,
    );
  });
});

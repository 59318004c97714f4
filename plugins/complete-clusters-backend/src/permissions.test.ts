import request from 'supertest';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Emulator } from '@complete-clusters/azure-arm-emulator';
import {
  startTrustedEmulator,
  TEST_SUBSCRIPTION,
} from './__testUtils__/emulator';
import { startCompleteClustersBackend } from './__testUtils__/testBackend';
import { until } from './__testUtils__/until';
import { setUpStep } from './__testUtils__/setUpStep';

jest.setTimeout(240_000);

const OWNER = 'user:default/alice';
const OTHER = 'user:default/bob';
const TEMPLATE_OWNER = 'user:default/paula';
const APPROVER = 'user:default/quinn';
const TEAM = 'group:default/platform-team';
const ROLES = {
  owner: OWNER,
  other: OTHER,
  templateOwner: TEMPLATE_OWNER,
  approver: APPROVER,
} as const;
type Role = keyof typeof ROLES;

/**
 * Who may do what, as the portal enforces it whatever the permission policy
 * allows: owners and the template's owners manage a cluster; members of the
 * approver group decide on requests they did not make; only the template's
 * owners roll it out; anyone signed in may request and read.
 */
const MATRIX: Record<string, Record<Role, boolean>> = {
  scale: { owner: true, other: false, templateOwner: true, approver: true },
  delete: { owner: true, other: false, templateOwner: true, approver: true },
  approve: { owner: false, other: false, templateOwner: true, approver: true },
};

describe('permissions: every role against every action', () => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startTrustedEmulator({ operationDurationMs: 50 });
  });
  afterAll(() => emulator?.close());

  /**
   * Requests a developer cluster that Azure accepts and then fails: every
   * operation on the managed cluster ends Failed (its quota ran out after the
   * request passed its pre-flight checks, say), and the engine, at
   * maxAttempts 2, gives up at once. Waits for Failed.
   */
  async function failedCluster(
    portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>,
    name: string,
    who: string,
  ) {
    const configure = (patch: object) =>
      fetch(`${emulator.url}/_emulator/config`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(patch),
      });
    await configure({
      faults: {
        alwaysFailResources: [
          `/subscriptions/${TEST_SUBSCRIPTION}/resourceGroups/rg-${name}/providers/Microsoft.ContainerService/managedClusters/${name}`,
        ],
      },
    });
    try {
      const res = await request(portal.backend.server)
        .post('/api/complete-clusters/clusters')
        .set('Authorization', portal.asUser(who))
        .send({ templateRef: 'clustertemplate:default/developer', name });
      expect(res.status).toBe(201);
      return await until(`${name} Failed`, async () => {
        const got = await request(portal.backend.server)
          .get(`/api/complete-clusters/clusters/${name}`)
          .set('Authorization', portal.asUser(who));
        return got.body.phase === 'Failed' ? got.body : undefined;
      });
    } finally {
      await configure({ faults: { alwaysFailResources: null } });
    }
  }

  /** The engine gives up after two failed operations in a row, so a failing cluster is Failed at once. */
  const ENGINE = { engine: { pollIntervalMs: 50, maxAttempts: 2 } };

  describe('with a policy that allows everything: the ownership rules decide', () => {
    let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
    beforeAll(async () => {
      // Paula and Quinn are both platform engineers (the template owners and production's approvers).
      portal = await startCompleteClustersBackend({
        emulator,
        users: Object.values(ROLES),
        memberships: { [TEMPLATE_OWNER]: [TEAM], [APPROVER]: [TEAM] },
        config: ENGINE,
      });
      const post = (p: string, body: unknown, who: string) =>
        request(portal.backend.server)
          .post(`/api/complete-clusters${p}`)
          .set('Authorization', portal.asUser(who))
          .send(body as object);
      setUpStep(
        'request matrix-dev',
        (
          await post(
            '/clusters',
            {
              templateRef: 'clustertemplate:default/developer',
              name: 'matrix-dev',
            },
            OWNER,
          )
        ).status,
        201,
      );
      setUpStep(
        'request matrix-prod',
        (
          await post(
            '/clusters',
            {
              templateRef: 'clustertemplate:default/production',
              name: 'matrix-prod',
            },
            OWNER,
          )
        ).status,
        201,
      );
      await until('matrix-dev Ready', async () => {
        const res = await request(portal.backend.server)
          .get('/api/complete-clusters/clusters/matrix-dev')
          .set('Authorization', portal.asUser(OWNER));
        return res.body.phase === 'Ready' ? true : undefined;
      });
    });
    afterAll(() => portal?.stop());

    const get = (p: string, who: string) =>
      request(portal.backend.server)
        .get(`/api/complete-clusters${p}`)
        .set('Authorization', portal.asUser(who));
    const post = (p: string, body: unknown, who: string) =>
      request(portal.backend.server)
        .post(`/api/complete-clusters${p}`)
        .set('Authorization', portal.asUser(who))
        .send(body as object);

    it.each(Object.keys(ROLES) as Role[])(
      '%s reads every cluster and may request from every template',
      async role => {
        expect((await get('/clusters/matrix-dev', ROLES[role])).status).toBe(
          200,
        );
        expect((await get('/clusters/matrix-prod', ROLES[role])).status).toBe(
          200,
        );
        const plan = await post(
          '/clusters/plan',
          {
            templateRef: 'clustertemplate:default/developer',
            name: `plan-${role.toLowerCase()}`,
          },
          ROLES[role],
        );
        expect(plan.status).toBe(200);
      },
    );

    it.each(Object.keys(ROLES) as Role[])(
      'the portal offers %s exactly the actions the matrix gives it',
      async role => {
        const dev = (await get('/clusters/matrix-dev', ROLES[role])).body
          .actions;
        expect({ scale: dev.scale, delete: dev.delete }).toEqual({
          scale: MATRIX.scale[role],
          delete: MATRIX.delete[role],
        });
        const prod = (await get('/clusters/matrix-prod', ROLES[role])).body
          .actions;
        expect(prod.approve).toBe(MATRIX.approve[role]);
        expect(prod.delete).toBe(MATRIX.delete[role]);
      },
    );

    it.each(
      Object.entries(ROLES).filter(([role]) => !MATRIX.scale[role as Role]),
    )(
      "refuses %s scaling or deleting someone else's cluster, changing nothing",
      async (_role, who) => {
        const scale = await post(
          '/clusters/matrix-dev/scale',
          { parameters: { gpuMaxNodes: 3 } },
          who,
        );
        expect(scale.status).toBe(403);
        expect(scale.body.error.message).toBe(
          'Only the owner of cluster matrix-dev (user:default/alice) or a member of group:default/platform-team, which owns its template, may scale cluster matrix-dev.',
        );
        const del = await post(
          '/clusters/matrix-dev/delete',
          { confirm: 'matrix-dev' },
          who,
        );
        expect(del.status).toBe(403);
        expect(del.body.error.message).toMatch(
          /^Only the owner of cluster matrix-dev .* may delete cluster matrix-dev\.$/,
        );
        const update = await post('/clusters/matrix-dev/update', {}, who);
        expect(update.status).toBe(403);
        const retry = await post('/clusters/matrix-dev/retry', {}, who);
        expect(retry.status).toBe(403);
        const after = (await get('/clusters/matrix-dev', OWNER)).body;
        expect(after).toMatchObject({ phase: 'Ready', parameters: {} });
      },
    );

    it.each(
      Object.entries(ROLES).filter(([role]) => !MATRIX.approve[role as Role]),
    )(
      'refuses %s approving or rejecting, leaving the request waiting',
      async (_role, who) => {
        for (const decision of ['approve', 'reject']) {
          const res = await post(
            '/clusters/matrix-prod/decision',
            { decision, reason: 'because' },
            who,
          );
          expect(res.status).toBe(403);
        }
        expect((await get('/clusters/matrix-prod', OWNER)).body.phase).toBe(
          'AwaitingApproval',
        );
      },
    );

    it.each([
      ['owner', OWNER, 403],
      ['other', OTHER, 403],
      ['approver', APPROVER, 409], // a member of the owning group may roll out; there is just nothing to roll out
      ['templateOwner', TEMPLATE_OWNER, 409],
    ])(
      'lets only the template owners roll out a template: %s (%s) gets %i',
      async (_role, who, status) => {
        const res = await post(
          '/rollouts',
          { templateRef: 'clustertemplate:default/developer' },
          who,
        );
        expect(res.status).toBe(status);
        // Only those allowed learn where the template's clusters stand.
        expect(
          res.body.error.message ===
            'Every cluster of clustertemplate:default/developer is already at version 1.0.0.',
        ).toBe(status === 409);
      },
    );

    it('refuses a non-owner retrying a Failed cluster, or restarting it by asking for its name, and lets the owner retry', async () => {
      const failed = await failedCluster(portal, 'matrix-fail', OWNER);
      expect(failed.actions.retry).toBe(true);
      expect(
        (await get('/clusters/matrix-fail', OTHER)).body.actions.retry,
      ).toBe(false);
      const retry = await post('/clusters/matrix-fail/retry', {}, OTHER);
      expect(retry.status).toBe(403);
      expect(retry.body.error.message).toMatch(
        /^Only the owner of cluster matrix-fail .* may retry cluster matrix-fail\.$/,
      );
      const again = await post(
        '/clusters',
        {
          templateRef: 'clustertemplate:default/developer',
          name: 'matrix-fail',
        },
        OTHER,
      );
      expect(again.status).toBe(409);
      expect((await get('/clusters/matrix-fail', OWNER)).body.phase).toBe(
        'Failed',
      );
      const own = await post('/clusters/matrix-fail/retry', {}, OWNER);
      expect(own.status).toBe(200);
      expect(own.body.phase).not.toBe('Failed');
    });

    it.each([
      ['other', OTHER],
      ['owner', OWNER],
    ])(
      'answers %s deciding on a cluster that needs no approval with 403, telling nothing of its phase',
      async (_role, who) => {
        const res = await post(
          '/clusters/matrix-dev/decision',
          { decision: 'approve', reason: 'looks fine' },
          who,
        );
        expect(res.status).toBe(403);
        expect(res.body.error.message).not.toMatch(/Ready|awaiting/i);
      },
    );

    it('answers an approver deciding on a cluster no longer awaiting approval with 409', async () => {
      expect(
        (
          await post(
            '/clusters/matrix-prod/decision',
            { decision: 'approve', reason: 'go ahead' },
            APPROVER,
          )
        ).status,
      ).toBe(200);
      const again = await post(
        '/clusters/matrix-prod/decision',
        { decision: 'reject', reason: 'changed my mind' },
        TEMPLATE_OWNER,
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(
        /is not awaiting approval: it is \w+ \(approved by user:default\/quinn\)/,
      );
    });

    it('never sends a stack trace with a refusal', async () => {
      const answers = [
        await post(
          '/clusters/matrix-dev/scale',
          { parameters: { gpuMaxNodes: 3 } },
          OTHER,
        ),
        await post(
          '/clusters/matrix-dev/decision',
          { decision: 'approve', reason: 'x' },
          OTHER,
        ),
        await post('/clusters/nowhere/retry', {}, OWNER),
        await post(
          '/clusters',
          { templateRef: 'clustertemplate:default/developer', name: 'X' },
          OWNER,
        ),
        await request(portal.backend.server)
          .post('/api/complete-clusters/clusters')
          .set('Authorization', portal.asUser(OWNER))
          .set('Content-Type', 'application/json')
          .send('{"broken'),
      ];
      expect(answers.map(a => a.status)).toEqual([403, 403, 404, 400, 400]);
      for (const answer of answers) {
        expect(Object.keys(answer.body.error).sort()).toEqual([
          'message',
          'name',
        ]);
      }
    });

    it('lets the template owner, who is not the cluster owner, scale it', async () => {
      expect(
        (
          await post(
            '/clusters/matrix-dev/scale',
            { parameters: { gpuMaxNodes: 3 } },
            TEMPLATE_OWNER,
          )
        ).status,
      ).toBe(200);
    });
  });

  describe('with a policy that denies some permissions: the policy is consulted first', () => {
    let portal: Awaited<ReturnType<typeof startCompleteClustersBackend>>;
    const decisions: Array<{ permission: string; resourceRef?: string }> = [];
    beforeAll(async () => {
      // A policy: nobody deletes or retries clusters, and nobody requests from the production template.
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
                r.permission.name === 'complete-clusters.cluster.delete' ||
                r.permission.name === 'complete-clusters.cluster.retry' ||
                (r.permission.name === 'complete-clusters.cluster.create' &&
                  r.resourceRef === 'clustertemplate:default/production');
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
        users: [OWNER],
        features: [permissions],
        config: ENGINE,
      });
    });
    afterAll(() => portal?.stop());

    const post = (p: string, body: unknown, who: string) =>
      request(portal.backend.server)
        .post(`/api/complete-clusters${p}`)
        .set('Authorization', portal.asUser(who))
        .send(body as object);

    it('asks the policy about the template itself, so a policy decides who requests from which template', async () => {
      const production = await post(
        '/clusters',
        {
          templateRef: 'clustertemplate:default/production',
          name: 'policy-prod',
        },
        OWNER,
      );
      expect(production.status).toBe(403);
      expect(production.body.error.message).toBe(
        'You are not allowed to request clusters from clustertemplate:default/production.',
      );
      expect(decisions).toContainEqual({
        permission: 'complete-clusters.cluster.create',
        resourceRef: 'clustertemplate:default/production',
      });
      expect(
        (
          await post(
            '/clusters',
            {
              templateRef: 'clustertemplate:default/developer',
              name: 'policy-dev',
            },
            OWNER,
          )
        ).status,
      ).toBe(201);
    });

    it('refuses even the owner what the policy denies', async () => {
      await until('policy-dev Ready', async () => {
        const res = await request(portal.backend.server)
          .get('/api/complete-clusters/clusters/policy-dev')
          .set('Authorization', portal.asUser(OWNER));
        return res.body.phase === 'Ready' ? res.body : undefined;
      });
      const details = (
        await request(portal.backend.server)
          .get('/api/complete-clusters/clusters/policy-dev')
          .set('Authorization', portal.asUser(OWNER))
      ).body;
      expect(details.actions.delete).toBe(false);
      const res = await post(
        '/clusters/policy-dev/delete',
        { confirm: 'policy-dev' },
        OWNER,
      );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You are not allowed to delete clusters.',
      );
    });

    it('refuses even the owner a retry the policy denies, by the retry action and by asking for the name again', async () => {
      const failed = await failedCluster(portal, 'policy-fail', OWNER);
      expect(failed.actions.retry).toBe(false);
      const retry = await post('/clusters/policy-fail/retry', {}, OWNER);
      expect(retry.status).toBe(403);
      expect(retry.body.error.message).toBe(
        'You are not allowed to retry clusters.',
      );
      const again = await post(
        '/clusters',
        {
          templateRef: 'clustertemplate:default/developer',
          name: 'policy-fail',
        },
        OWNER,
      );
      expect(again.status).toBe(403);
      expect(again.body.error.message).toBe(
        'You are not allowed to retry cluster policy-fail.',
      );
      expect(decisions).toContainEqual({
        permission: 'complete-clusters.cluster.retry',
        resourceRef: undefined,
      });
      const after = await request(portal.backend.server)
        .get('/api/complete-clusters/clusters/policy-fail')
        .set('Authorization', portal.asUser(OWNER));
      expect(after.body.phase).toBe('Failed');
    });
  });
});

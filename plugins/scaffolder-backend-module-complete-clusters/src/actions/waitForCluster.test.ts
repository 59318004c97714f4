import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  actionContext,
  backendAnswer,
  clusterDetails,
  FakeClusters,
  run,
} from '../__testUtils__/fakes';
import { createWaitForClusterAction } from './waitForCluster';

describe('complete-clusters:cluster:wait', () => {
  let clusters: FakeClusters;
  let action: ReturnType<typeof createWaitForClusterAction>;

  beforeEach(() => {
    clusters = new FakeClusters();
    action = createWaitForClusterAction({
      client: clusters,
      auth: mockServices.auth(),
      pollIntervalMs: 1,
    });
  });

  it('logs each event once across looks and finishes when the step is done', async () => {
    clusters.play(
      'dev-ai-1',
      clusterDetails('dev-ai-1', 'Pending', [
        [1, 'Pending', 'Request recorded'],
      ]),
      clusterDetails('dev-ai-1', 'ResourceGroup', [
        [1, 'Pending', 'Request recorded'],
        [
          2,
          'ResourceGroup',
          'Creating resource group cc-dev-ai-1 in southeastasia',
        ],
      ]),
      clusterDetails('dev-ai-1', 'ResourceGroup', [
        [1, 'Pending', 'Request recorded'],
        [
          2,
          'ResourceGroup',
          'Creating resource group cc-dev-ai-1 in southeastasia',
        ],
        [3, 'ResourceGroup', 'Azure is throttling; retrying in 5s', 'warning'],
      ]),
      clusterDetails('dev-ai-1', 'ManagedCluster', [
        [1, 'Pending', 'Request recorded'],
        [
          2,
          'ResourceGroup',
          'Creating resource group cc-dev-ai-1 in southeastasia',
        ],
        [3, 'ResourceGroup', 'Azure is throttling; retrying in 5s', 'warning'],
        [4, 'ResourceGroup', 'Resource group cc-dev-ai-1 created'],
        [5, 'ManagedCluster', 'Creating managed cluster dev-ai-1'],
      ]),
    );
    const { ctx, lines } = actionContext({
      name: 'dev-ai-1',
      step: 'ResourceGroup',
    });

    await run(action, ctx);

    expect(clusters.getCluster).toHaveBeenCalledTimes(4);
    expect(clusters.getCluster).toHaveBeenCalledWith(
      'dev-ai-1',
      expect.objectContaining({
        token: expect.stringContaining('complete-clusters'),
      }),
    );
    expect(lines).toEqual([
      {
        level: 'info',
        message: 'Following cluster dev-ai-1 until "Resource group" is done',
      },
      { level: 'info', message: '[Pending] Request recorded' },
      {
        level: 'info',
        message:
          '[ResourceGroup] Creating resource group cc-dev-ai-1 in southeastasia',
      },
      {
        level: 'warn',
        message: '[ResourceGroup] Azure is throttling; retrying in 5s',
      },
      {
        level: 'info',
        message: '[ResourceGroup] Resource group cc-dev-ai-1 created',
      },
      {
        level: 'info',
        message:
          'Cluster dev-ai-1: "Resource group" is done (now ManagedCluster)',
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('phase', 'ManagedCluster');
  });

  it('shows in each step only the history of its own phase', async () => {
    const history: Array<[number, string, string]> = [
      [1, 'Pending', 'Request recorded'],
      [2, 'ResourceGroup', 'Resource group cc-dev-ai-1 created'],
      [3, 'ManagedCluster', 'Creating managed cluster dev-ai-1'],
      [4, 'ManagedCluster', 'Node pool gpu has 2 nodes'],
      [5, 'Policies', 'Installed policy "No privileged containers"'],
      [6, 'Applications', 'Installed application redis 21.2.5'],
      [7, 'Ready', 'Cluster dev-ai-1 is ready'],
    ];
    clusters.play('dev-ai-1', clusterDetails('dev-ai-1', 'Ready', history));

    const first = actionContext({ name: 'dev-ai-1', step: 'ResourceGroup' });
    await run(action, first.ctx);
    const second = actionContext({ name: 'dev-ai-1', step: 'ManagedCluster' });
    await run(action, second.ctx);
    const last = actionContext({ name: 'dev-ai-1', step: 'Applications' });
    await run(action, last.ctx);
    const whole = actionContext({ name: 'dev-ai-1', step: 'Ready' });
    await run(action, whole.ctx);

    const events = (lines: Array<{ message: string }>) =>
      lines.map(l => l.message).filter(m => m.startsWith('['));
    expect(events(first.lines)).toEqual([
      '[Pending] Request recorded',
      '[ResourceGroup] Resource group cc-dev-ai-1 created',
    ]);
    expect(events(second.lines)).toEqual([
      '[ManagedCluster] Creating managed cluster dev-ai-1',
      '[ManagedCluster] Node pool gpu has 2 nodes',
    ]);
    // The last step also shows that the cluster is Ready.
    expect(events(last.lines)).toEqual([
      '[Applications] Installed application redis 21.2.5',
      '[Ready] Cluster dev-ai-1 is ready',
    ]);
    expect(events(whole.lines)).toHaveLength(7);
    expect(second.ctx.output).toHaveBeenCalledWith('phase', 'Ready');
    expect(whole.ctx.output).toHaveBeenCalledWith('phase', 'Ready');
  });

  it("fails with the cluster's reason, after showing what led to it", async () => {
    clusters.play(
      'dev-ai-1',
      clusterDetails('dev-ai-1', 'ManagedCluster', [
        [1, 'ManagedCluster', 'Creating managed cluster dev-ai-1'],
      ]),
      clusterDetails(
        'dev-ai-1',
        'Failed',
        [
          [1, 'ManagedCluster', 'Creating managed cluster dev-ai-1'],
          [
            2,
            'ManagedCluster',
            'Azure refused the GPU node pool: quota exceeded',
            'error',
          ],
        ],
        'The subscription has no quota left for Standard_NC24ads_A100_v4 in southeastasia; ask for more quota or choose fewer GPU nodes',
      ),
    );
    const { ctx, lines } = actionContext({
      name: 'dev-ai-1',
      step: 'ManagedCluster',
    });

    await expect(run(action, ctx)).rejects.toThrow(
      'Cluster dev-ai-1 failed in ManagedCluster: The subscription has no quota left for Standard_NC24ads_A100_v4 in southeastasia; ask for more quota or choose fewer GPU nodes',
    );
    expect(lines).toContainEqual({
      level: 'error',
      message:
        '[ManagedCluster] Azure refused the GPU node pool: quota exceeded',
    });
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('waits in the approval step until an approver decides, then goes on', async () => {
    const waiting: Array<[number, string, string]> = [
      [
        1,
        'AwaitingApproval',
        'Requested by user:default/mock from clustertemplate:default/production version 1.0.0',
      ],
      [
        2,
        'AwaitingApproval',
        'Waiting for approval by a member of group:default/platform-team',
      ],
    ];
    clusters.play(
      'prod-1',
      clusterDetails('prod-1', 'AwaitingApproval', waiting),
      clusterDetails('prod-1', 'AwaitingApproval', waiting),
      clusterDetails('prod-1', 'Pending', [
        ...waiting,
        [
          3,
          'AwaitingApproval',
          'Approved by user:default/platform-engineer: capacity planned',
        ],
      ]),
    );
    const { ctx, lines } = actionContext({
      name: 'prod-1',
      step: 'AwaitingApproval',
    });
    await run(action, ctx);
    expect(lines.map(l => l.message)).toEqual([
      'Following cluster prod-1 until "Approval" is done',
      '[AwaitingApproval] Requested by user:default/mock from clustertemplate:default/production version 1.0.0',
      '[AwaitingApproval] Waiting for approval by a member of group:default/platform-team',
      '[AwaitingApproval] Approved by user:default/platform-engineer: capacity planned',
      'Cluster prod-1: "Approval" is done (now Pending)',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('phase', 'Pending');
  });

  it('fails with who rejected the request and why', async () => {
    const decided = clusterDetails('prod-1', 'Rejected', [
      [
        1,
        'AwaitingApproval',
        'Rejected by user:default/platform-engineer: no budget this quarter',
        'warning',
      ],
    ]);
    decided.decision = {
      decision: 'rejected',
      by: 'user:default/platform-engineer',
      reason: 'no budget this quarter',
      at: '2025-01-01T00:00:00.000Z',
    };
    clusters.play('prod-1', decided);
    const { ctx } = actionContext({ name: 'prod-1', step: 'AwaitingApproval' });
    await expect(run(action, ctx)).rejects.toThrow(
      'The request for cluster prod-1 was rejected by user:default/platform-engineer: no budget this quarter. Nothing was built in Azure.',
    );
  });

  it('shows every event that explains a failure, even from a phase this step does not own', async () => {
    clusters.play(
      'dev-ai-1',
      clusterDetails(
        'dev-ai-1',
        'Failed',
        [
          [1, 'ResourceGroup', 'Resource group cc-dev-ai-1 created'],
          [
            2,
            'ManagedCluster',
            'Azure refused the cluster: Kubernetes 1.20 is not supported',
            'error',
          ],
        ],
        'Kubernetes 1.20 is not supported in southeastasia; choose 1.30 or later',
      ),
    );
    const { ctx, lines } = actionContext({
      name: 'dev-ai-1',
      step: 'ResourceGroup',
    });

    await expect(run(action, ctx)).rejects.toThrow(
      'Cluster dev-ai-1 failed in ManagedCluster: Kubernetes 1.20 is not supported in southeastasia; choose 1.30 or later',
    );
    expect(lines.map(l => l.message)).toContain(
      '[ManagedCluster] Azure refused the cluster: Kubernetes 1.20 is not supported',
    );
  });

  it('stops looking when the task is cancelled, and says the cluster carries on', async () => {
    clusters.play('dev-ai-1', clusterDetails('dev-ai-1', 'ResourceGroup'));
    const controller = new AbortController();
    const slow = createWaitForClusterAction({
      client: clusters,
      auth: mockServices.auth(),
      pollIntervalMs: 60_000,
    });
    const { ctx } = actionContext(
      { name: 'dev-ai-1', step: 'Ready' },
      { signal: controller.signal },
    );

    const waiting = run(slow, ctx);
    await new Promise(resolve => setImmediate(resolve));
    expect(clusters.getCluster).toHaveBeenCalledTimes(1);
    expect(clusters.getCluster.mock.calls[0][1]?.signal).toBe(
      controller.signal,
    );
    controller.abort();

    await expect(waiting).rejects.toThrow(
      'Stopped waiting for cluster dev-ai-1 (Ready): the task was cancelled. The cluster itself carries on; follow it in the catalog.',
    );
    expect(clusters.getCluster).toHaveBeenCalledTimes(1);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('stops when the task is cancelled while the backend is answering', async () => {
    const controller = new AbortController();
    clusters.getCluster.mockImplementation(
      (_name, options) =>
        new Promise((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () =>
            reject(
              Object.assign(new Error('This operation was aborted'), {
                name: 'AbortError',
              }),
            ),
          ),
        ),
    );
    const { ctx } = actionContext(
      { name: 'dev-ai-1', step: 'Ready' },
      { signal: controller.signal },
    );

    const waiting = run(action, ctx);
    await new Promise(resolve => setImmediate(resolve));
    controller.abort();

    await expect(waiting).rejects.toThrow(
      /^Stopped waiting for cluster dev-ai-1 \(Ready\): the task was cancelled/,
    );
    expect(clusters.getCluster).toHaveBeenCalledTimes(1);
  });

  it('in a dry run says what it would wait for and returns at once', async () => {
    const { ctx, lines } = actionContext(
      { name: 'dev-ai-1', step: 'ManagedCluster' },
      { isDryRun: true },
    );

    await run(action, ctx);

    expect(clusters.getCluster).not.toHaveBeenCalled();
    expect(lines).toEqual([
      {
        level: 'info',
        message:
          'Dry run: would wait for cluster dev-ai-1 to finish "Managed cluster and node pools", looking every 0.001s',
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('phase', 'Policies');
  });

  it('rides out a backend that is briefly unavailable', async () => {
    clusters.play(
      'dev-ai-1',
      await backendAnswer(
        503,
        'Service Unavailable',
        'ServiceUnavailableError',
        'The backend is starting',
      ),
      clusterDetails('dev-ai-1', 'Ready'),
    );
    const { ctx, lines } = actionContext({ name: 'dev-ai-1', step: 'Ready' });

    await run(action, ctx);

    expect(lines).toContainEqual({
      level: 'warn',
      message:
        'Could not look at cluster dev-ai-1 (The complete-clusters backend answered 503 Service Unavailable: The backend is starting); trying again in 0.001s (1/5)',
    });
    expect(ctx.output).toHaveBeenCalledWith('phase', 'Ready');
  });

  it('gives up on a backend that stays unavailable, and at once on a refusal', async () => {
    clusters.play(
      'dev-ai-1',
      await backendAnswer(502, 'Bad Gateway', 'Error', 'upstream down'),
    );
    await expect(
      run(action, actionContext({ name: 'dev-ai-1', step: 'Ready' }).ctx),
    ).rejects.toThrow(
      'The complete-clusters backend answered 502 Bad Gateway: upstream down',
    );
    expect(clusters.getCluster).toHaveBeenCalledTimes(5);

    clusters.getCluster.mockClear();
    clusters.play(
      'dev-ai-1',
      await backendAnswer(
        403,
        'Forbidden',
        'NotAllowedError',
        'You may not see cluster dev-ai-1',
      ),
    );
    await expect(
      run(action, actionContext({ name: 'dev-ai-1', step: 'Ready' }).ctx),
    ).rejects.toThrow('You may not see cluster dev-ai-1');
    expect(clusters.getCluster).toHaveBeenCalledTimes(1);
  });

  it('fails clearly for a cluster that was never requested', async () => {
    await expect(
      run(action, actionContext({ name: 'nobody', step: 'Ready' }).ctx),
    ).rejects.toThrow(
      new NotFoundError(
        'There is no cluster named nobody; request it first with the complete-clusters:cluster:request action',
      ),
    );
  });

  it('documents itself for the installed-actions page', () => {
    expect(action.id).toBe('complete-clusters:cluster:wait');
    expect(action.supportsDryRun).toBe(true);
    expect(action.examples?.map(e => e.example.match(/action: \S+/g))).toEqual([
      [
        'action: complete-clusters:cluster:request',
        'action: complete-clusters:cluster:wait',
        'action: complete-clusters:cluster:wait',
      ],
      ['action: complete-clusters:cluster:wait'],
    ]);
    const input = action.schema?.input as any;
    expect(input.properties.step.enum).toEqual([
      'AwaitingApproval',
      'ResourceGroup',
      'ManagedCluster',
      'Policies',
      'Applications',
      'Ready',
    ]);
    expect(input.required).toEqual(['name', 'step']);
    expect(
      (action.schema?.output as any).properties.phase.description,
    ).toBeTruthy();
  });
});

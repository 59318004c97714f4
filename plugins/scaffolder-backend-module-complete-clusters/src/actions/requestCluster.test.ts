import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConflictError, InputError } from '@backstage/errors';
import {
  actionContext,
  backendAnswer,
  checkpointState,
  FakeClusters,
  run,
} from '../__testUtils__/fakes';
import { createRequestClusterAction } from './requestCluster';

const input = {
  template: 'clustertemplate:default/developer',
  templateVersion: '1.0.0',
  name: 'dev-ai-1',
  parameters: { name: 'dev-ai-1', gpuMaxNodes: 3 },
};

const resourceId =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/cc-dev-ai-1/providers/Microsoft.ContainerService/managedClusters/dev-ai-1';

describe('complete-clusters:cluster:request', () => {
  let clusters: FakeClusters;
  let action: ReturnType<typeof createRequestClusterAction>;

  beforeEach(() => {
    clusters = new FakeClusters();
    action = createRequestClusterAction({
      client: clusters,
      auth: mockServices.auth(),
    });
  });

  it('records the request on behalf of the user who started the task, and outputs where the cluster will be', async () => {
    const { ctx, lines } = actionContext(input, checkpointState());
    await run(action, ctx);

    expect(clusters.requestCluster).toHaveBeenCalledTimes(1);
    expect(clusters.requestCluster).toHaveBeenCalledWith(
      {
        templateRef: input.template,
        templateVersion: '1.0.0',
        name: 'dev-ai-1',
        parameters: input.parameters,
      },
      expect.objectContaining({
        token: mockCredentials.service.token({
          onBehalfOf: mockCredentials.user(),
          targetPluginId: 'complete-clusters',
        }),
      }),
    );
    expect(lines).toEqual([
      {
        level: 'info',
        message:
          'Requested cluster dev-ai-1 from template clustertemplate:default/developer v1.0.0',
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('name', 'dev-ai-1');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/dev-ai-1',
    );
    expect(ctx.output).toHaveBeenCalledWith('resourceId', resourceId);
  });

  it('does not ask again when a retried task finds its checkpoint', async () => {
    const checkpoints = checkpointState();
    await run(action, actionContext(input, checkpoints).ctx);
    expect(Object.keys(checkpoints.state)).toEqual([
      'request-cluster-dev-ai-1',
    ]);
    expect(checkpoints.state['request-cluster-dev-ai-1']).toEqual(
      expect.objectContaining({ created: true, name: 'dev-ai-1', resourceId }),
    );

    const retry = actionContext(input, checkpoints);
    await run(action, retry.ctx);

    expect(clusters.requestCluster).toHaveBeenCalledTimes(1);
    expect(retry.ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/dev-ai-1',
    );
    expect(retry.ctx.output).toHaveBeenCalledWith('resourceId', resourceId);
  });

  it('follows a cluster the same requester had already asked for', async () => {
    await run(action, actionContext(input, checkpointState()).ctx);

    const again = actionContext(input, checkpointState());
    await run(action, again.ctx);

    expect(clusters.requestCluster).toHaveBeenCalledTimes(2);
    expect(again.lines).toEqual([
      {
        level: 'info',
        message: 'Cluster dev-ai-1 was already requested; following it',
      },
    ]);
    expect(again.ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/dev-ai-1',
    );
  });

  it('in a dry run asks only for the plan and logs each Azure request with its body', async () => {
    const { ctx, lines } = actionContext(input, {
      ...checkpointState(),
      isDryRun: true,
    });
    await run(action, ctx);

    expect(clusters.requestCluster).not.toHaveBeenCalled();
    expect(clusters.planCluster).toHaveBeenCalledTimes(1);
    expect(clusters.planCluster).toHaveBeenCalledWith(
      expect.objectContaining({
        templateRef: input.template,
        name: 'dev-ai-1',
      }),
      expect.objectContaining({ token: expect.any(String) }),
    );
    expect(lines.map(l => l.message)).toEqual([
      'Dry run: would request cluster dev-ai-1 from template clustertemplate:default/developer v1.0.0. ' +
        'Nothing is recorded and nothing is written to Azure; the engine would make 2 Azure request(s):',
      `1. PUT /subscriptions/0000/resourcegroups/cc-dev-ai-1?api-version=2021-04-01 (Create the resource group)\n${JSON.stringify(
        { location: 'southeastasia' },
        null,
        2,
      )}`,
      expect.stringMatching(
        /^2\. PUT \/subscriptions\/.*\/managedClusters\/dev-ai-1\?api-version=2024-09-01 \(Create the managed cluster and its node pools\)\n\{\n {2}"location": "southeastasia",\n {2}"properties": \{\n {4}"dnsPrefix": "dev-ai-1"/,
      ),
      "Azure access in subscription 0000: The portal's identity signs in and reads subscription 0000; resource group cc-dev-ai-1 would be created.",
    ]);
    expect(ctx.output).toHaveBeenCalledWith('name', 'dev-ai-1');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'resource:default/dev-ai-1',
    );
    expect(ctx.output).toHaveBeenCalledWith('resourceId', resourceId);
  });

  it("surfaces the backend's own message when the name belongs to someone else", async () => {
    const message =
      'Cluster dev-ai-1 belongs to user:default/someone-else; choose another name';
    clusters.requestCluster.mockRejectedValueOnce(
      await backendAnswer(409, 'Conflict', 'ConflictError', message),
    );
    const checkpoints = checkpointState();

    const result = run(action, actionContext(input, checkpoints).ctx);

    await expect(result).rejects.toThrow(ConflictError);
    await expect(result).rejects.toThrow(new ConflictError(message));
    expect(checkpoints.state).toEqual({});
  });

  it("surfaces the backend's message for a refused request as bad input", async () => {
    const message =
      'parameters.gpuMaxNodes: 9 is above the maximum 4; fix: choose 1 to 4';
    clusters.requestCluster.mockRejectedValueOnce(
      await backendAnswer(400, 'Bad Request', 'InputError', message),
    );

    await expect(
      run(action, actionContext(input, checkpointState()).ctx),
    ).rejects.toThrow(new InputError(message));
  });

  it('refuses a malformed cluster name before calling the backend', async () => {
    const { ctx } = actionContext(
      { ...input, name: 'Dev-AI-1' },
      checkpointState(),
    );

    await expect(run(action, ctx)).rejects.toThrow(InputError);
    await expect(run(action, ctx)).rejects.toThrow(
      /capital letters; use dev-ai-1 instead/,
    );
    expect(clusters.requestCluster).not.toHaveBeenCalled();
  });

  it('refuses a 60-character name, which AKS would refuse as a DNS prefix, before calling the backend', async () => {
    const { ctx } = actionContext(
      { ...input, name: `gpu-${'x'.repeat(56)}` },
      checkpointState(),
    );

    await expect(run(action, ctx)).rejects.toThrow(
      /has 60 characters; .*DNS prefix, at most 54 characters/,
    );
    expect(clusters.requestCluster).not.toHaveBeenCalled();
  });

  it('documents itself for the installed-actions page', () => {
    expect(action.id).toBe('complete-clusters:cluster:request');
    expect(action.supportsDryRun).toBe(true);
    expect(action.description).toBeTruthy();
    expect(action.description).toContain(
      'follow it with complete-clusters:cluster:wait.',
    );
    expect(action.examples?.[0].example).toMatch(
      /action: complete-clusters:cluster:request\n[^]*action: complete-clusters:cluster:wait\n/,
    );
    expect(Object.keys((action.schema?.input as any).properties)).toEqual([
      'template',
      'templateVersion',
      'name',
      'parameters',
      'owner',
    ]);
    expect((action.schema?.input as any).required).toEqual([
      'template',
      'name',
    ]);
    for (const property of Object.values<any>(
      (action.schema?.input as any).properties,
    )) {
      expect(property.description).toBeTruthy();
    }
  });
});

import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  developerCluster,
  InMemoryCompleteClustersApi,
} from '../../__testUtils__/clusters';
import { renderClusterCard } from '../../__testUtils__/renderClusterCard';

const owned = {
  update: true,
  scale: true,
  delete: true,
  approve: false,
  retry: false,
};

describe('cluster actions on the entity card', () => {
  it('shows an available update with what changes per layer, and applies it for its owner', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', {
        actions: owned,
        update: {
          fromVersion: '1.0.0',
          toVersion: '1.1.0',
          changes: [
            {
              layer: 'applications',
              field: 'application redis',
              from: 'redis chart 21.2.5 in redis',
              to: 'redis chart 21.3.0 in redis',
            },
            {
              layer: 'applications',
              field: 'application kafka',
              from: 'strimzi-kafka-operator chart 0.47.0 in kafka',
            },
            {
              layer: 'infrastructure',
              field: 'kubernetesVersion',
              from: '1.33',
              to: '1.34',
            },
          ],
        },
      }),
    ]);
    await renderClusterCard(api);
    const panel = await screen.findByRole('region', {
      name: 'Update available',
    });
    expect(
      within(panel).getByText('Update available: version 1.0.0 → 1.1.0'),
    ).toBeInTheDocument();
    const rows = within(
      within(panel).getByRole('region', { name: 'What the update changes' }),
    ).getAllByRole('row');
    expect(rows.slice(1).map(r => r.textContent)).toEqual([
      'Applicationsapplication redisredis chart 21.2.5 in redisredis chart 21.3.0 in redis',
      'Applicationsapplication kafkastrimzi-kafka-operator chart 0.47.0 in kafka(removed)',
      'InfrastructurekubernetesVersion1.331.34',
    ]);
    await userEvent.click(
      within(panel).getByRole('button', { name: 'Update to 1.1.0' }),
    );
    await waitFor(() =>
      expect(api.calls).toContainEqual([
        'update',
        'dev-ai-1',
        { toVersion: '1.1.0' },
      ]),
    );
  });

  it('shows an update it may not apply, and why, without the button', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', {
        actions: { ...owned, update: false },
        update: {
          fromVersion: '1.0.0',
          toVersion: '2.0.0',
          changes: [],
          blockedBy:
            'Version 2.0.0 moves clusters to westeurope; an AKS cluster cannot change region.',
        },
      }),
    ]);
    await renderClusterCard(api);
    const panel = await screen.findByRole('region', {
      name: 'Update available',
    });
    expect(within(panel).getByRole('alert')).toHaveTextContent(
      'an AKS cluster cannot change region',
    );
    expect(within(panel).queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows drift with what the template says and what Azure has', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', {
        drift: {
          checkedAt: '2025-06-01T10:00:00.000Z',
          mode: 'report',
          items: [
            {
              layer: 'infrastructure',
              field: 'nodePools.gpu.maxCount',
              expected: '2',
              actual: '8',
            },
          ],
        },
      }),
    ]);
    await renderClusterCard(api);
    const panel = await screen.findByRole('region', { name: 'Drift' });
    expect(within(panel).getByText(/only reports drift/)).toBeInTheDocument();
    expect(
      within(panel).getByRole('row', { name: 'nodePools.gpu.maxCount 2 8' }),
    ).toBeInTheDocument();
  });

  it('deletes only once the name is typed', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', { actions: owned }),
    ]);
    await renderClusterCard(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Delete dev-ai-1' });
    const confirm = within(dialog).getByRole('button', { name: 'Delete' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText('Cluster name'),
      'dev-ai',
    );
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText('Cluster name'), '-1');
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(api.calls).toContainEqual([
        'delete',
        'dev-ai-1',
        { confirm: 'dev-ai-1' },
      ]),
    );
  });

  it('transfers to one of the signed-in user’s groups, never offering the owner it has', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', {
        actions: { ...owned, transfer: true },
      }),
    ]);
    await renderClusterCard(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Transfer' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Transfer dev-ai-1' });
    const confirm = within(dialog).getByRole('button', { name: 'Transfer' });
    expect(confirm).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText('New owner'));
    const options = await screen.findAllByRole('option');
    // alice owns it now: only her group is offered.
    expect(options.map(o => o.textContent)).toEqual(['group:team-ai']);
    await userEvent.click(options[0]);
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(api.calls).toContainEqual([
        'transfer',
        'dev-ai-1',
        { owner: 'group:default/team-ai' },
      ]),
    );
  });

  it('offers no transfer where the backend does not allow it', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', { actions: owned }),
    ]);
    await renderClusterCard(api);
    await screen.findByRole('button', { name: 'Delete' });
    expect(
      screen.queryByRole('button', { name: 'Transfer' }),
    ).not.toBeInTheDocument();
  });

  it('rebuilds in one of the regions the backend lists, with an optional reason', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', {
        actions: { ...owned, rebuild: true, confirmRebuild: false },
        rebuildRegions: ['eastasia', 'japaneast'],
      }),
    ]);
    await renderClusterCard(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rebuild in another region' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Rebuild dev-ai-1 in another region',
    });
    const confirm = within(dialog).getByRole('button', { name: 'Rebuild' });
    expect(confirm).toBeDisabled();
    await userEvent.click(within(dialog).getByLabelText('Region'));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual(['eastasia', 'japaneast']);
    await userEvent.click(options[0]);
    await userEvent.type(
      within(dialog).getByLabelText('Reason (optional)'),
      'region drill',
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(api.calls).toContainEqual([
        'rebuild',
        'dev-ai-1',
        { region: 'eastasia', reason: 'region drill' },
      ]),
    );
    expect(
      screen.queryByRole('button', {
        name: 'Confirm deletion of the old cluster',
      }),
    ).not.toBeInTheDocument();
  });

  it('says the old cluster waits for confirmation, and confirms its deletion once the rebuild is Ready', async () => {
    const rebuild = {
      from: {
        id: 'old',
        location: 'southeastasia',
        phase: 'Ready' as const,
        deleting: false,
      },
      to: { id: 'new', location: 'eastasia', phase: 'Ready' as const },
      awaitingConfirmation: true,
    };
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', {
        actions: { ...owned, rebuild: false, confirmRebuild: true },
        rebuild,
      }),
    ]);
    await renderClusterCard(api);
    expect(
      await screen.findByText(
        /the old cluster there is replaced by the rebuild in eastasia, waiting for your confirmation to delete\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Rebuild in another region' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', {
        name: 'Confirm deletion of the old cluster',
      }),
    );
    await waitFor(() =>
      expect(api.calls).toContainEqual(['confirmRebuild', 'dev-ai-1', {}]),
    );
  });

  it('scales within the template bounds only', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'Ready', {
        actions: owned,
        scaleParameters: [
          {
            id: 'gpuMaxNodes',
            title: 'Most GPU nodes',
            field: 'infrastructure.nodePools.gpu.autoscale.max',
            value: 2,
            minimum: 1,
            maximum: 4,
          },
        ],
      }),
    ]);
    await renderClusterCard(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Scale' }));
    const dialog = screen.getByRole('dialog', { name: 'Scale dev-ai-1' });
    const field = within(dialog).getByLabelText('Most GPU nodes');
    await userEvent.clear(field);
    await userEvent.type(field, '9');
    expect(within(dialog).getByText('At most 4')).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Scale' }),
    ).toBeDisabled();
    await userEvent.clear(field);
    await userEvent.type(field, '3');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Scale' }),
    );
    await waitFor(() =>
      expect(api.calls).toContainEqual([
        'scale',
        'dev-ai-1',
        { parameters: { gpuMaxNodes: 3 } },
      ]),
    );
  });

  it('lets an approver decide, with a reason, and shows the backend refusing in its own words', async () => {
    const api = new InMemoryCompleteClustersApi([
      developerCluster('dev-ai-1', 'AwaitingApproval', {
        actions: {
          update: false,
          scale: false,
          delete: false,
          approve: true,
          retry: false,
        },
      }),
    ]);
    api.decide = jest.fn().mockRejectedValueOnce(
      Object.assign(new Error('Request failed with 403'), {
        body: {
          error: {
            message:
              'Only members of group:default/platform-team approve requests from clustertemplate:default/production.',
          },
        },
      }),
    );
    await renderClusterCard(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reject' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Reject the request for dev-ai-1',
    });
    const reject = within(dialog).getByRole('button', { name: 'Reject' });
    expect(reject).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'no budget');
    await userEvent.click(reject);
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Only members of group:default/platform-team approve requests',
    );
    expect(api.decide).toHaveBeenCalledWith('dev-ai-1', {
      decision: 'reject',
      reason: 'no budget',
    });
  });

  it('offers nothing to someone who may do nothing', async () => {
    await renderClusterCard(
      new InMemoryCompleteClustersApi([developerCluster('dev-ai-1', 'Ready')]),
    );
    await screen.findByText('Complete cluster');
    expect(
      screen.queryByRole('group', { name: 'Cluster actions' }),
    ).not.toBeInTheDocument();
  });
});

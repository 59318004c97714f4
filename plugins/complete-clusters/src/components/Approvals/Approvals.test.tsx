import { act, screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { completeClustersApiRef } from '../../api';
import {
  developerCluster,
  InMemoryCompleteClustersApi,
} from '../../__testUtils__/clusters';
import { Approvals } from './Approvals';
import { APPROVALS_REFRESH_INTERVAL_MS } from './useApprovals';

async function renderApprovals(api: InMemoryCompleteClustersApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[completeClustersApiRef, api]]}>
      <Approvals />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('Approvals', () => {
  it('lists the requests waiting for the user and approves one with a reason', async () => {
    const waiting = developerCluster('prod-1', 'AwaitingApproval', {
      templateRef: 'clustertemplate:default/production',
      requestedBy: 'user:default/alice',
    });
    const api = new InMemoryCompleteClustersApi([waiting]);
    const {
      events: _e,
      components: _c,
      actions: _a,
      scaleParameters: _s,
      ...listed
    } = waiting;
    api.approvals = [listed];
    await renderApprovals(api);
    const region = await screen.findByRole('region', {
      name: 'Awaiting your approval',
    });
    const row = within(region)
      .getByRole('link', { name: 'prod-1' })
      .closest('tr')!;
    expect(within(row).getByRole('link', { name: 'prod-1' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/prod-1',
    );
    await userEvent.click(
      within(row).getByRole('button', { name: 'Approve prod-1' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Approve the request for prod-1',
    });
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'capacity planned',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() =>
      expect(api.calls).toContainEqual([
        'decide',
        'prod-1',
        { decision: 'approve', reason: 'capacity planned' },
      ]),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('region', { name: 'Awaiting your approval' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('shows nothing while nothing waits, and a new request without a reload', async () => {
    jest.useFakeTimers();
    try {
      const waiting = developerCluster('prod-2', 'AwaitingApproval', {
        templateRef: 'clustertemplate:default/production',
        environment: 'production',
      });
      const api = new InMemoryCompleteClustersApi([waiting]);
      await renderApprovals(api);
      await act(() => jest.advanceTimersByTimeAsync(0));
      expect(
        screen.queryByRole('region', { name: 'Awaiting your approval' }),
      ).not.toBeInTheDocument();

      const {
        events: _e,
        components: _c,
        actions: _a,
        scaleParameters: _s,
        ...listed
      } = waiting;
      api.approvals = [listed];
      await act(() =>
        jest.advanceTimersByTimeAsync(APPROVALS_REFRESH_INTERVAL_MS),
      );
      const region = screen.getByRole('region', {
        name: 'Awaiting your approval',
      });
      const row = within(region)
        .getByRole('link', { name: 'prod-2' })
        .closest('tr')!;
      // The template's name, and the environment beneath it.
      expect(within(row).getAllByText('production')).toHaveLength(2);
      expect(
        within(row).getByRole('button', { name: 'Approve prod-2' }),
      ).toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });
});

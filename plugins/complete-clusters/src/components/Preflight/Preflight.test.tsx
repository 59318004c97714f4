import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  PreflightResult,
  RequestClusterBody,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import {
  developerCluster,
  InMemoryCompleteClustersApi,
} from '../../__testUtils__/clusters';
import { Approvals } from '../Approvals';
import { PreflightPanel } from './PreflightPanel';

const A100 = 'standardNCADSA100v4Family';

/** What the backend answers for the developer template: the A100 quota fits 2 nodes. */
function answer(body: RequestClusterBody): PreflightResult {
  const nodes = Number(body.parameters?.gpuMaxNodes ?? 2);
  const ok = nodes * 24 <= 48;
  return {
    ok,
    checkedAt: '2026-12-03T18:00:00.000Z',
    location: 'southeastasia',
    subscriptionId: 'sub',
    armReads: 4,
    durationMs: 30,
    checks: [
      {
        id: 'vm-size:gpu',
        title: 'Pool gpu: Standard_NC24ads_A100_v4 offered in southeastasia',
        status: 'pass',
        detail: 'offered',
      },
      {
        id: `quota:${A100}`,
        title: `${A100} vCPU quota in southeastasia`,
        status: ok ? 'pass' : 'fail',
        detail: `${A100}: ${
          nodes * 24
        } vCPUs needed at ${nodes} nodes of Standard_NC24ads_A100_v4 (pool gpu at its maximum), 48 free of 72 (24 in use).`,
        ...(ok
          ? {}
          : {
              fix: 'Set "Most GPU nodes" (gpuMaxNodes) to at most 2 (48 vCPUs).',
            }),
      },
    ],
  };
}

class PreflightApi extends InMemoryCompleteClustersApi {
  preflightCalls: RequestClusterBody[] = [];
  async preflight(body: RequestClusterBody): Promise<PreflightResult> {
    this.preflightCalls.push(body);
    return answer(body);
  }
}

/** A stand-in for a request form: one field, and a Create button the checks hold back. */
function Form(props: { onResult: (ok: boolean) => void }) {
  const [max, setMax] = useState('4');
  return (
    <>
      <label>
        Most GPU nodes
        <input value={max} onChange={e => setMax(e.target.value)} />
      </label>
      <PreflightPanel
        body={{
          templateRef: 'clustertemplate:default/developer',
          name: 'dev-1',
          parameters: { gpuMaxNodes: Number(max) },
        }}
        onResult={props.onResult}
      />
    </>
  );
}

describe('pre-flight checks in the frontend', () => {
  it('shows a failing check with its figures and fix as the answers change, and passes once the maximum is lowered', async () => {
    const api = new PreflightApi();
    const results: boolean[] = [];
    await renderInTestApp(
      <TestApiProvider apis={[[completeClustersApiRef, api]]}>
        <Form onResult={ok => results.push(ok)} />
      </TestApiProvider>,
    );
    const panel = await screen.findByRole('region', {
      name: 'Pre-flight checks',
    });
    expect(
      await within(panel).findByText(
        'Pre-flight: 1 of 2 checks fails in southeastasia',
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        `${A100}: 96 vCPUs needed at 4 nodes of Standard_NC24ads_A100_v4 (pool gpu at its maximum), 48 free of 72 (24 in use).`,
      ),
    ).toBeInTheDocument();
    expect(
      within(panel).getByText(
        'Fix: Set "Most GPU nodes" (gpuMaxNodes) to at most 2 (48 vCPUs).',
      ),
    ).toBeInTheDocument();
    expect(results[results.length - 1]).toBe(false);

    const field = screen.getByLabelText('Most GPU nodes');
    await userEvent.clear(field);
    await userEvent.type(field, '2');
    expect(
      await within(panel).findByText(
        'Pre-flight: all 2 checks pass in southeastasia',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(results[results.length - 1]).toBe(true));
    // Typing is not checked at every key: the last answers are what was asked.
    expect(
      api.preflightCalls[api.preflightCalls.length - 1].parameters,
    ).toEqual({
      gpuMaxNodes: 2,
    });
  });

  it('shows the approver the checks of a waiting request', async () => {
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
    api.approvals = [
      {
        ...listed,
        preflight: {
          ...answer({
            templateRef: listed.templateRef,
            name: 'prod-1',
            parameters: { gpuMaxNodes: 25 },
          }),
          cost: {
            currency: 'USD',
            hoursPerMonth: 730,
            location: 'southeastasia',
            pools: [],
            tier: { name: 'Free', monthly: 0 },
            minimumMonthly: 1016.16,
            worstCaseMonthly: 82478.32,
            missing: [],
            stale: false,
          },
        },
      },
    ];
    await renderInTestApp(
      <TestApiProvider apis={[[completeClustersApiRef, api]]}>
        <Approvals />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    // The approver sees the worst case they sign off, beside the checks.
    expect(
      await screen.findByText('Worst case: $82,478 a month'),
    ).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Pre-flight: 1 of 2 checks fails for prod-1',
      }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Pre-flight checks of prod-1 in southeastasia',
    });
    expect(
      within(dialog).getByText(
        `${A100}: 600 vCPUs needed at 25 nodes of Standard_NC24ads_A100_v4 (pool gpu at its maximum), 48 free of 72 (24 in use).`,
      ),
    ).toBeInTheDocument();
  });
});

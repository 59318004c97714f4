import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { SecretsContextProvider } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import type {
  PreflightResult,
  RequestClusterBody,
} from '@complete-clusters/plugin-complete-clusters-common';
import { completeClustersApiRef } from '../../api';
import { InMemoryCompleteClustersApi } from '../../__testUtils__/clusters';
import {
  PREFLIGHT_FIELD_NAME,
  PreflightField,
  preflightBodyOf,
  preflightFieldValidation,
} from './preflightField';

const A100 = 'standardNCADSA100v4Family';

/** The backend's answer for the developer template in a subscription whose A100 quota fits 2 nodes. */
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
      {
        id: 'kubernetes-version',
        title: 'Kubernetes version offered in southeastasia',
        status:
          body.parameters?.kubernetesVersion === '1.31' ? 'unknown' : 'pass',
        detail: 'Azure answered 429 Too Many Requests.',
      },
    ],
  };
}

class PreflightApi extends InMemoryCompleteClustersApi {
  preflightBodies: RequestClusterBody[] = [];
  async preflight(body: RequestClusterBody): Promise<PreflightResult> {
    this.preflightBodies.push(body);
    return answer(body);
  }
}

/** The developer template's form as the catalog module generates it (its properties and the pre-flight field). */
const manifest = {
  title: 'Developer cluster',
  steps: [
    {
      title: 'Request a developer cluster',
      schema: {
        required: ['name'],
        properties: {
          name: { title: 'Cluster name', type: 'string' },
          gpuMaxNodes: {
            title: 'Most GPU nodes',
            type: 'integer',
            minimum: 1,
            maximum: 4,
            default: 2,
          },
          kubernetesVersion: {
            title: 'Kubernetes version',
            type: 'string',
            enum: ['1.31', '1.32', '1.33'],
            default: '1.33',
          },
          preflight: {
            title: 'Pre-flight checks',
            type: 'string',
            'ui:field': 'CompleteClusterPreflight',
            'ui:options': {
              templateRef: 'clustertemplate:default/developer',
              templateVersion: '1.0.0',
            },
            'ui:backstage': { review: { show: false } },
          },
        },
      },
    },
  ],
};

async function renderForm(api: PreflightApi) {
  const created: Record<string, unknown>[] = [];
  await renderInTestApp(
    <TestApiProvider apis={[[completeClustersApiRef, api]]}>
      <SecretsContextProvider>
        <Stepper
          manifest={manifest as any}
          extensions={[
            {
              name: PREFLIGHT_FIELD_NAME,
              component: PreflightField,
              validation: preflightFieldValidation,
            },
          ]}
          onCreate={async values => {
            created.push(values);
          }}
        />
      </SecretsContextProvider>
    </TestApiProvider>,
  );
  return created;
}

const checks = () => screen.getByRole('region', { name: 'Pre-flight checks' });

describe('the pre-flight checks field in the Scaffolder form', () => {
  // The Stepper scrolls to the top of each step; jsdom has no layout to scroll.
  beforeAll(() => {
    window.scrollTo = () => {};
  });

  it('checks the other answers live and lets the form go on while they pass', async () => {
    const api = new PreflightApi();
    const created = await renderForm(api);
    expect(
      screen.getByText(/once the cluster name is valid/),
    ).toBeInTheDocument();
    expect(api.preflightBodies).toEqual([]);

    await userEvent.type(screen.getByLabelText(/Cluster name/), 'dev-ai-1');
    await waitFor(() =>
      expect(within(checks()).getByText(/all 2 checks pass/)).toBeVisible(),
    );
    // The request as POST /clusters would get it: the name, the answers, not the field itself.
    expect(api.preflightBodies.at(-1)).toEqual({
      templateRef: 'clustertemplate:default/developer',
      templateVersion: '1.0.0',
      name: 'dev-ai-1',
      parameters: { gpuMaxNodes: 2, kubernetesVersion: '1.33' },
    });

    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create' }),
    );
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]).toMatchObject({ name: 'dev-ai-1', gpuMaxNodes: 2 });
  });

  it('shows a failed check with its figures and fix, and will not go on to review while it fails', async () => {
    const api = new PreflightApi();
    const created = await renderForm(api);
    await userEvent.type(screen.getByLabelText(/Cluster name/), 'dev-ai-2');
    const max = screen.getByLabelText(/Most GPU nodes/);
    await userEvent.clear(max);
    await userEvent.type(max, '4');
    await waitFor(() =>
      expect(within(checks()).getByText(/1 of 2 checks fails/)).toBeVisible(),
    );
    expect(
      within(checks()).getByText(/96 vCPUs needed at 4 nodes/),
    ).toBeVisible();
    expect(
      within(checks()).getByText(
        /Fix: Set "Most GPU nodes" \(gpuMaxNodes\) to at most 2/,
      ),
    ).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    // The form stays, naming the failure; there is no Create to press.
    expect(
      (await screen.findAllByText(/96 vCPUs needed at 4 nodes.*Fix: Set/))
        .length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    expect(created).toEqual([]);

    // A smaller maximum passes, and the form goes on.
    await userEvent.clear(max);
    await userEvent.type(max, '2');
    await waitFor(() =>
      expect(within(checks()).getByText(/all 2 checks pass/)).toBeVisible(),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
  });

  it('does not stop the form for a check that could not be made', async () => {
    const api = new PreflightApi();
    await renderForm(api);
    await userEvent.type(screen.getByLabelText(/Cluster name/), 'dev-ai-3');
    await userEvent.click(screen.getByLabelText(/Kubernetes version/));
    await userEvent.click(await screen.findByRole('option', { name: '1.31' }));
    await waitFor(() =>
      expect(
        within(checks()).getByText(/1 of 2 checks could not be made/),
      ).toBeVisible(),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(
      await screen.findByRole('button', { name: 'Create' }),
    ).toBeInTheDocument();
  });
});

describe('preflightBodyOf', () => {
  const options = { templateRef: 'clustertemplate:default/developer' };

  it('waits for a valid cluster name', () => {
    expect(preflightBodyOf({ name: 'A_b' }, options)).toBeUndefined();
    expect(preflightBodyOf({}, options)).toBeUndefined();
  });

  it('sends the owning group as the owner, not as an answer', () => {
    expect(
      preflightBodyOf(
        {
          name: 'dev-ai-4',
          owner: 'group:default/team-ai',
          gpuMaxNodes: 1,
          preflight: 'pass',
        },
        options,
      ),
    ).toEqual({
      templateRef: 'clustertemplate:default/developer',
      name: 'dev-ai-4',
      owner: 'group:default/team-ai',
      parameters: { gpuMaxNodes: 1 },
    });
  });
});

import { ConfigReader } from '@backstage/config';
import {
  readPlatformSettings,
  readPrincipalOverrides,
} from './readCompleteClustersConfig';

const gitops = {
  url: 'https://github.com/example-org/complete-clusters',
  ref: { tag: 'v1.2.0' },
};
const read = (completeClusters: object) =>
  readPlatformSettings(new ConfigReader({ completeClusters }));

describe('readPlatformSettings', () => {
  it('reads the GitOps repository pinned to one ref, the logging workspace and the application timeout', () => {
    const workspace =
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs';
    expect(
      read({
        gitops: { ...gitops, path: './platform/gitops/' },
        addons: { logAnalyticsWorkspaceResourceId: workspace },
        engine: { applicationTimeoutMinutes: 5 },
      }),
    ).toEqual({
      gitops: {
        url: gitops.url,
        ref: { tag: 'v1.2.0' },
        path: 'platform/gitops',
      },
      addons: { logAnalyticsWorkspaceResourceId: workspace },
      applicationTimeoutMs: 300_000,
    });
    expect(read({ gitops })).toMatchObject({
      gitops: { path: 'gitops' },
      addons: {},
      applicationTimeoutMs: 900_000,
    });
  });

  it('refuses what would leave clusters pulling nothing, or something unpinned by accident, naming the key and the fix', () => {
    expect(() => read({})).toThrow(
      'Invalid configuration completeClusters.gitops: missing. Fix: set completeClusters.gitops.url and .ref',
    );
    expect(() =>
      read({ gitops: { url: 'github.com/x', ref: { tag: 'v1' } } }),
    ).toThrow(
      'Invalid configuration completeClusters.gitops.url: "github.com/x" is not a git URL',
    );
    expect(() => read({ gitops: { url: gitops.url, ref: {} } })).toThrow(
      'Invalid configuration completeClusters.gitops.ref: missing',
    );
    expect(() =>
      read({ gitops: { url: gitops.url, ref: { tag: 'v1', branch: 'main' } } }),
    ).toThrow(
      'Invalid configuration completeClusters.gitops.ref: sets tag and branch. Fix: set exactly one of ref.tag, ref.commit or ref.branch',
    );
    expect(() => read({ gitops: { ...gitops, path: '../elsewhere' } })).toThrow(
      'completeClusters.gitops.path: "../elsewhere" leaves the repository',
    );
    expect(() =>
      read({
        gitops,
        addons: { logAnalyticsWorkspaceResourceId: 'central-logs' },
      }),
    ).toThrow(
      'completeClusters.addons.logAnalyticsWorkspaceResourceId: "central-logs" is not the ARM id of a Log Analytics workspace',
    );
  });
});

describe('readPrincipalOverrides', () => {
  it('maps entity refs (compared lower-case) to Entra object ids, refusing anything that is not one', () => {
    const config = (principals: object) =>
      new ConfigReader({ completeClusters: { principals } });
    expect(
      readPrincipalOverrides(
        config([
          {
            entityRef: 'user:Development/Guest',
            objectId: '00000000-0000-0000-0000-0000000e0001',
          },
        ]),
      ),
    ).toEqual({
      'user:development/guest': '00000000-0000-0000-0000-0000000e0001',
    });
    expect(() =>
      readPrincipalOverrides(
        config([{ entityRef: 'user:default/x', objectId: 'x@example.com' }]),
      ),
    ).toThrow(
      'Invalid configuration completeClusters.principals[0].objectId: "x@example.com" is not a Microsoft Entra object id',
    );
    expect(readPrincipalOverrides(new ConfigReader({}))).toEqual({});
  });
});

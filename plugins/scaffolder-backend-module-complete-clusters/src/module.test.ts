import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModuleCompleteClusters } from './module';

jest.setTimeout(60_000);

describe('scaffolder with the complete-clusters module', () => {
  it('lists both actions, documented, among the installed actions', async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleCompleteClusters,
        mockServices.rootConfig.factory({
          data: {
            completeClusters: { scaffolder: { pollIntervalSeconds: 5 } },
          },
        }),
      ],
    });
    try {
      const res = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const ours = (
        res.body as Array<{
          id: string;
          description?: string;
          examples?: unknown[];
        }>
      ).filter(a => a.id.startsWith('complete-clusters:'));
      expect(ours.map(a => a.id).sort()).toEqual([
        'complete-clusters:cluster:request',
        'complete-clusters:cluster:wait',
      ]);
      for (const action of ours) {
        expect(action.description).toBeTruthy();
        expect(action.examples?.length).toBeGreaterThan(0);
      }
    } finally {
      await backend.stop();
    }
  });

  it('refuses a poll interval that is not a positive number of seconds', async () => {
    await expect(
      startTestBackend({
        features: [
          scaffolderPlugin,
          scaffolderModuleCompleteClusters,
          mockServices.rootConfig.factory({
            data: {
              completeClusters: { scaffolder: { pollIntervalSeconds: 0 } },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /completeClusters\.scaffolder\.pollIntervalSeconds must be a number of seconds above 0, got 0/,
    );
  });
});

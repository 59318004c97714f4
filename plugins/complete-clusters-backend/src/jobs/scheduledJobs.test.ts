import type {
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ClusterStore } from '../database/types';
import { TEST_PLATFORM } from '../__testUtils__/emulator';
import { scheduleDriftChecks } from './scheduleDriftChecks';
import { scheduleEventRetention } from './scheduleEventRetention';
import { scheduleExpiryChecks } from './scheduleExpiryChecks';
import { schedulePriceRefresh } from './schedulePriceRefresh';
import { scheduleReconciler } from './scheduleReconciler';
import { scheduleRollouts } from './scheduleRollouts';
import { scheduleTemplateHistory } from './scheduleTemplateHistory';
import { scheduleChangeSignals } from './scheduleChangeSignals';

type Task = SchedulerServiceTaskScheduleDefinition &
  SchedulerServiceTaskInvocationDefinition & { scope?: string };

/** A scheduler that only keeps what it is asked to schedule. */
function recordingScheduler() {
  const tasks: Task[] = [];
  const scheduler = {
    scheduleTask: async (task: Task) => void tasks.push(task),
  } as unknown as SchedulerService;
  const task = (id: string) => {
    const found = tasks.find(t => t.id === id);
    if (!found) throw new Error(`no task ${id}`);
    const { fn, signal, ...definition } = found;
    return { fn, definition };
  };
  return { scheduler, tasks, task };
}

const every = (seconds: number) => ({
  frequency: { seconds },
  timeout: { seconds: 30 },
});

/**
 * The task ids, scopes and schedules the portal has always used (global
 * tasks are locked in the database by id: a new id would let replicas of two
 * versions run the same job at once), and that each task runs its job.
 */
describe('scheduled jobs', () => {
  const logger = mockServices.logger.mock();

  it('runs the reconciler every second on every replica, and stops it on shutdown', async () => {
    const { scheduler, task } = recordingScheduler();
    const reconciler = { wake: jest.fn(async () => {}), stop: jest.fn() };
    const lifecycle = mockServices.lifecycle.mock();
    await scheduleReconciler({ scheduler, lifecycle, reconciler });
    const { fn, definition } = task('complete-clusters-reconciler');
    expect(definition).toEqual({
      id: 'complete-clusters-reconciler',
      scope: 'local',
      frequency: { seconds: 1 },
      timeout: { minutes: 10 },
    });
    await fn(new AbortController().signal);
    expect(reconciler.wake).toHaveBeenCalledTimes(1);
    const hook = lifecycle.addShutdownHook.mock.calls[0][0];
    await hook();
    expect(reconciler.stop).toHaveBeenCalledTimes(1);
  });

  it('refreshes prices once per refresh window, on one replica', async () => {
    const { scheduler, task } = recordingScheduler();
    const prices = {
      settings: { refreshHours: 24 },
      refreshAll: jest.fn(async () => ({ refreshed: 1, failed: 0 })),
    };
    await schedulePriceRefresh({
      scheduler,
      logger,
      prices: prices as never,
    });
    const { fn, definition } = task('complete-clusters-prices');
    expect(definition).toEqual({
      id: 'complete-clusters-prices',
      scope: 'global',
      frequency: { hours: 24 },
      timeout: { minutes: 15 },
      initialDelay: { minutes: 1 },
    });
    await fn(new AbortController().signal);
    expect(prices.refreshAll).toHaveBeenCalledTimes(1);
  });

  it('schedules drift checks, expiries, rollouts and retention as configured, on one replica', async () => {
    const { scheduler, tasks, task } = recordingScheduler();
    const store = {
      listClusters: jest.fn(async () => []),
      listRollouts: jest.fn(async () => []),
      pruneEvents: jest.fn(async () => 0),
    } as unknown as ClusterStore;
    const catalog = catalogServiceMock();
    const auth = mockServices.auth();
    await scheduleDriftChecks({
      scheduler,
      logger,
      auth,
      catalog,
      principalOverrides: {},
      store,
      clientsFor: () => {
        throw new Error('no subscription has Ready clusters here');
      },
      platform: TEST_PLATFORM,
      settings: { driftSchedule: every(1), deepChecksPerCycle: 20 },
      onRepair: () => {},
    });
    await scheduleExpiryChecks({
      scheduler,
      logger,
      store,
      schedule: every(2),
      onDeletion: () => {},
    });
    await scheduleRollouts({
      scheduler,
      logger,
      auth,
      store,
      updater: { templateOf: jest.fn(), start: jest.fn() },
      schedule: every(3),
    });
    await scheduleEventRetention({
      scheduler,
      logger,
      store,
      retention: { eventsMs: 1000, schedule: every(4) },
    });
    expect(tasks.map(t => [t.id, t.scope, t.frequency])).toEqual([
      ['complete-clusters-drift', 'global', { seconds: 1 }],
      ['complete-clusters-expiry', 'global', { seconds: 2 }],
      ['complete-clusters-rollouts', 'global', { seconds: 3 }],
      ['complete-clusters-retention', 'global', { seconds: 4 }],
    ]);
    for (const id of [
      'complete-clusters-drift',
      'complete-clusters-expiry',
      'complete-clusters-rollouts',
      'complete-clusters-retention',
    ])
      await task(id).fn(new AbortController().signal);
    expect(store.listClusters).toHaveBeenCalledWith({ phases: ['Ready'] });
    expect(store.listClusters).toHaveBeenCalledWith({ expiring: true });
    expect(store.listRollouts).toHaveBeenCalledWith({ state: 'Running' });
    expect(store.pruneEvents).toHaveBeenCalledTimes(1);
  });

  it('records template versions every minute, on one replica', async () => {
    const { scheduler, task } = recordingScheduler();
    const catalog = catalogServiceMock();
    const getEntities = jest.spyOn(catalog, 'getEntities');
    await scheduleTemplateHistory({
      scheduler,
      logger,
      auth: mockServices.auth(),
      catalog,
      history: { record: jest.fn() },
    });
    const { fn, definition } = task('complete-clusters-template-history');
    expect(definition).toEqual({
      id: 'complete-clusters-template-history',
      scope: 'global',
      frequency: { minutes: 1 },
      timeout: { minutes: 1 },
    });
    await fn(new AbortController().signal);
    expect(getEntities).toHaveBeenCalledTimes(1);
  });

  it('looks for cluster changes to signal every second on every replica (each tells the browsers connected to it)', async () => {
    const { scheduler, task } = recordingScheduler();
    const listClusterPage = jest.fn(async () => ({
      records: [
        {
          id: 'c1',
          name: 'dev-1',
          phase: 'Pending',
          ownerRef: 'group:default/team-ai',
          requestedBy: 'user:default/ada',
          updatedAt: new Date().toISOString(),
        } as any,
      ],
    }));
    const publish = jest.fn(async () => {});
    await scheduleChangeSignals({
      scheduler,
      logger,
      store: { listClusterPage },
      signals: { publish },
    });
    const { fn, definition } = task('complete-clusters-change-signals');
    expect(definition).toEqual({
      id: 'complete-clusters-change-signals',
      scope: 'local',
      frequency: { seconds: 1 },
      timeout: { seconds: 30 },
    });
    await fn(new AbortController().signal);
    expect(publish).toHaveBeenCalledTimes(1);
  });
});

import { readSchedulerServiceTaskScheduleDefinitionFromConfig } from '@backstage/backend-plugin-api';
import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** How the reconciler paces itself. */
export interface EngineSettings {
  /** Pause between two polls of one Azure operation when Azure gives no Retry-After. */
  pollIntervalMs: number;
  /** The shortest pause between two polls of one operation, whatever Retry-After says (default 1000). */
  minPollIntervalMs?: number;
  /** How long a replica holds a cluster before another may take over. */
  leaseMs: number;
  /** Clusters worked on at once by one replica. */
  concurrency: number;
  /** Attempts of one phase on errors Azure calls transient before the cluster is Failed. */
  maxAttempts: number;
  /** How long one Azure call may take before it is abandoned (default 30 s); below the lease. */
  requestTimeoutMs?: number;
}

/** A Microsoft Entra or Azure id: subscription, object, tenant. */
export const GUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An error naming the configuration key, what is wrong with it, and the fix. */
export function configError(
  key: string,
  message: string,
  fix: string,
): InputError {
  return new InputError(
    `Invalid configuration ${key}: ${message}. Fix: ${fix}.`,
  );
}

/** Reads `completeClusters.engine`, with defaults that suit Azure. */
export function readEngineSettings(config: Config): EngineSettings {
  const engine = config.getOptionalConfig('completeClusters.engine');
  const positive = (key: string, fallback: number) => {
    const value = engine?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value <= 0) {
      throw configError(
        `completeClusters.engine.${key}`,
        `${value} is not a positive number`,
        'give a number above 0',
      );
    }
    return value;
  };
  return {
    pollIntervalMs: positive('pollIntervalMs', 5000),
    minPollIntervalMs: positive('minPollIntervalMs', 1000),
    leaseMs: positive('leaseSeconds', 60) * 1000,
    concurrency: positive('concurrency', 10),
    // Failures in a row (Azure answering nothing useful) before a phase gives up: at 5 s polls and back-off
    // doubling up to 12 polls (60 s), 40 attempts give Azure about 37 minutes. Measured with half of Azure's requests
    // and operations failing (faults.test.ts), of 100 clusters: 6 left 71 Failed, 12 left 9, 20 left 0 in
    // one run and 2 in another; a re-sent write must pass twice (request and operation), so a component
    // fails 20 times in a row with a chance of about 0.75^20 = 0.3%, and 0.75^40 = 0.001%.
    maxAttempts: positive('maxAttempts', 40),
    requestTimeoutMs: positive('requestTimeoutSeconds', 30) * 1000,
  };
}

/**
 * What the engine installs with, besides the template: where the platform's
 * GitOps content lives (this repository's `gitops/` folder, published where
 * clusters can pull it), the Log Analytics workspace of central logging, and
 * how long Flux may take to report an application in place.
 */
export interface PlatformSettings {
  gitops: {
    /** Git URL of the repository holding the platform's GitOps folder. */
    url: string;
    /** Exactly one of tag, commit or branch: what every cluster pulls. */
    ref: { tag: string } | { commit: string } | { branch: string };
    /** Folder of the GitOps content in that repository. */
    path: string;
  };
  addons: {
    /** ARM id of the Log Analytics workspace central logging (Container Insights) sends to. */
    logAnalyticsWorkspaceResourceId?: string;
  };
  /** How long Flux may report an application not in place before it counts as failed. */
  applicationTimeoutMs: number;
}

const WORKSPACE_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

/** Reads `completeClusters.gitops`, `completeClusters.addons` and `completeClusters.engine.applicationTimeoutMinutes`. */
export function readPlatformSettings(config: Config): PlatformSettings {
  const gitops = config.getOptionalConfig('completeClusters.gitops');
  if (!gitops) {
    throw configError(
      'completeClusters.gitops',
      'missing',
      'set completeClusters.gitops.url and .ref to where the repository\'s gitops/ folder is published (see README, "Applications and policies")',
    );
  }
  const url = gitops.getString('url');
  if (!/^(https?:\/\/|ssh:\/\/|git@)[^\s]+$/.test(url)) {
    throw configError(
      'completeClusters.gitops.url',
      `"${url}" is not a git URL`,
      'give an https://, ssh:// or git@ URL of the repository',
    );
  }
  const refs = (['tag', 'commit', 'branch'] as const)
    .map(kind => [kind, gitops.getOptionalString(`ref.${kind}`)] as const)
    .filter(([, value]) => value !== undefined && value !== '');
  if (refs.length !== 1) {
    throw configError(
      'completeClusters.gitops.ref',
      refs.length === 0
        ? 'missing'
        : `sets ${refs.map(([k]) => k).join(' and ')}`,
      'set exactly one of ref.tag, ref.commit or ref.branch (a tag or commit pins what every cluster runs)',
    );
  }
  const [kind, value] = refs[0];
  const ref = { [kind]: value } as PlatformSettings['gitops']['ref'];
  const path = (gitops.getOptionalString('path') ?? 'gitops').replace(
    /^\.?\/+|\/+$/g,
    '',
  );
  if (path.split('/').some(segment => segment === '..')) {
    throw configError(
      'completeClusters.gitops.path',
      `"${path}" leaves the repository`,
      'give a folder inside the repository, e.g. gitops',
    );
  }
  const workspace = config.getOptionalString(
    'completeClusters.addons.logAnalyticsWorkspaceResourceId',
  );
  if (workspace !== undefined && !WORKSPACE_ID.test(workspace)) {
    throw configError(
      'completeClusters.addons.logAnalyticsWorkspaceResourceId',
      `"${workspace}" is not the ARM id of a Log Analytics workspace`,
      'use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>',
    );
  }
  const minutes =
    config.getOptionalNumber(
      'completeClusters.engine.applicationTimeoutMinutes',
    ) ?? 15;
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw configError(
      'completeClusters.engine.applicationTimeoutMinutes',
      `${minutes} is not a positive number`,
      'give a number of minutes above 0',
    );
  }
  return {
    gitops: { url, ref, path },
    addons: workspace ? { logAnalyticsWorkspaceResourceId: workspace } : {},
    applicationTimeoutMs: minutes * 60_000,
  };
}

/**
 * Reads `completeClusters.principals`: Entra object ids of users and groups
 * that have none in the catalog (e.g. the development guest), by entity ref.
 */
export function readPrincipalOverrides(config: Config): Record<string, string> {
  const out: Record<string, string> = {};
  const entries =
    config.getOptionalConfigArray('completeClusters.principals') ?? [];
  entries.forEach((entry, i) => {
    const ref = entry.getString('entityRef');
    const objectId = entry.getString('objectId');
    if (!GUID.test(objectId)) {
      throw configError(
        `completeClusters.principals[${i}].objectId`,
        `"${objectId}" is not a Microsoft Entra object id`,
        'give the GUID shown by `az ad user show --id <user> --query id` (or `az ad group show`)',
      );
    }
    out[ref.toLocaleLowerCase('en-US')] = objectId;
  });
  return out;
}

/** How often day-two work runs, and how much it may read from Azure. */
export interface DayTwoSettings {
  /** The drift check of every Ready cluster (one paged list per subscription and kind). */
  driftSchedule: SchedulerServiceTaskScheduleDefinition;
  /** Clusters per subscription and cycle whose Flux extension and configurations are read. */
  deepChecksPerCycle: number;
  /** Time-to-live warnings and expiries. */
  expirySchedule: SchedulerServiceTaskScheduleDefinition;
  /** Rollouts moving on to their next cluster. */
  rolloutSchedule: SchedulerServiceTaskScheduleDefinition;
}

function schedule(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(key)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(key),
      )
    : fallback;
}

/** Reads `completeClusters.drift`, `.lifecycle` and `.rollouts`. */
export function readDayTwoSettings(config: Config): DayTwoSettings {
  const deep =
    config.getOptionalNumber('completeClusters.drift.deepChecksPerCycle') ?? 20;
  if (!Number.isInteger(deep) || deep < 0) {
    throw configError(
      'completeClusters.drift.deepChecksPerCycle',
      `${deep} is not a whole number of clusters`,
      'give 0 or more',
    );
  }
  return {
    driftSchedule: schedule(config, 'completeClusters.drift.schedule', {
      frequency: { minutes: 5 },
      timeout: { minutes: 10 },
    }),
    deepChecksPerCycle: deep,
    expirySchedule: schedule(config, 'completeClusters.lifecycle.schedule', {
      frequency: { minutes: 1 },
      timeout: { minutes: 5 },
    }),
    rolloutSchedule: schedule(config, 'completeClusters.rollouts.schedule', {
      frequency: { seconds: 5 },
      timeout: { minutes: 5 },
    }),
  };
}

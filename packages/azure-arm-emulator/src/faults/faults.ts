import { AZURE_REGIONS, normalizeLocation } from '../catalog/regions';

/** Fault injection configuration; rates are between 0 and 1. */
export interface FaultConfig {
  throttleRate: number;
  serverErrorRate: number;
  dropConnectionRate: number;
  failedOperationRate: number;
  /**
   * Resource ids whose every long-running operation ends Failed (case does
   * not matter): an operation Azure accepts and then fails, again and again.
   */
  alwaysFailResources?: string[];
  /**
   * Regions that do not answer, as in a regional outage: every request for a
   * resource there (or under one there), for an operation running there, or
   * addressed to the region itself (`…/locations/{region}/…`) is answered 503
   * ServiceUnavailable. Requests about other regions, and subscription-wide
   * lists, are answered as usual.
   */
  unreachableRegions?: string[];
  /** Seed for deterministic faults; random when undefined. */
  seed?: number;
}

export const noFaults: FaultConfig = {
  throttleRate: 0,
  serverErrorRate: 0,
  dropConnectionRate: 0,
  failedOperationRate: 0,
};

/** mulberry32: a small deterministic PRNG. */
export function createRandom(seed?: number): () => number {
  if (seed === undefined) return Math.random;
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normaliseResourceId(id: string): string {
  return id.replace(/\/+$/, '').toLowerCase();
}

/**
 * Refuses a fault configuration that is not one: rates outside 0–1, or
 * `alwaysFailResources` that is not a list of resource ids. Returns the
 * reason, naming the field and the fix.
 */
export function faultConfigProblem(config: FaultConfig): string | undefined {
  for (const key of [
    'throttleRate',
    'serverErrorRate',
    'dropConnectionRate',
    'failedOperationRate',
  ] as const) {
    const rate = config[key];
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
      return `faults.${key} must be a number from 0 to 1; got ${JSON.stringify(
        rate,
      )}.`;
  }
  const always = config.alwaysFailResources;
  if (
    always !== undefined &&
    always !== null &&
    (!Array.isArray(always) ||
      always.some(id => typeof id !== 'string' || !id.startsWith('/')))
  )
    return `faults.alwaysFailResources must be a list of resource ids (each starting with /subscriptions/); got ${JSON.stringify(
      always,
    )}.`;
  const unreachable = config.unreachableRegions;
  if (
    unreachable !== undefined &&
    unreachable !== null &&
    (!Array.isArray(unreachable) ||
      unreachable.some(
        r =>
          typeof r !== 'string' ||
          !AZURE_REGIONS.includes(normalizeLocation(r)),
      ))
  )
    return `faults.unreachableRegions must be a list of Azure regions by their programmatic name (e.g. southeastasia); got ${JSON.stringify(
      unreachable,
    )}.`;
  return undefined;
}

export type RequestFault = 'drop' | 'throttle' | 'serverError' | undefined;

export class FaultInjector {
  private random: () => number;

  constructor(private config: FaultConfig) {
    this.random = createRandom(config.seed);
  }

  get current(): FaultConfig {
    return this.config;
  }

  setConfig(config: FaultConfig) {
    const reseed = config.seed !== this.config.seed;
    this.config = config;
    if (reseed) this.random = createRandom(config.seed);
  }

  /** Draws the fault (if any) for one API request. */
  nextRequestFault(): RequestFault {
    const { dropConnectionRate, throttleRate, serverErrorRate } = this.config;
    if (!dropConnectionRate && !throttleRate && !serverErrorRate) {
      return undefined;
    }
    const r = this.random();
    if (r < dropConnectionRate) return 'drop';
    if (r < dropConnectionRate + throttleRate) return 'throttle';
    if (r < dropConnectionRate + throttleRate + serverErrorRate) {
      return 'serverError';
    }
    return undefined;
  }

  /** Whether a region does not answer (see {@link FaultConfig.unreachableRegions}). */
  isUnreachable(region: string): boolean {
    const wanted = normalizeLocation(region);
    return (this.config.unreachableRegions ?? []).some(
      r => normalizeLocation(r) === wanted,
    );
  }

  /**
   * Whether a newly started operation on these resources (their ids) will end
   * Failed: always for a resource in `alwaysFailResources`, else at the rate.
   */
  nextOperationFails(resourceIds: string[] = []): boolean {
    const always = new Set(
      (this.config.alwaysFailResources ?? []).map(normaliseResourceId),
    );
    if (resourceIds.some(id => always.has(normaliseResourceId(id))))
      return true;
    if (!this.config.failedOperationRate) return false;
    return this.random() < this.config.failedOperationRate;
  }
}

/** Fault injection configuration; rates are between 0 and 1. */
export interface FaultConfig {
  throttleRate: number;
  serverErrorRate: number;
  dropConnectionRate: number;
  failedOperationRate: number;
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

  /** Whether a newly started operation will end Failed. */
  nextOperationFails(): boolean {
    if (!this.config.failedOperationRate) return false;
    return this.random() < this.config.failedOperationRate;
  }
}

import { TokenBucket } from './tokenBucket';

export type ThrottleClass = 'reads' | 'writes' | 'deletes' | 'managedClusterPuts';

export interface BucketConfig {
  capacity: number;
  refillPerSecond: number;
}

export type ThrottlingConfig = Record<ThrottleClass, BucketConfig>;

export const defaultThrottling: ThrottlingConfig = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
  managedClusterPuts: { capacity: 20, refillPerSecond: 0.1 },
};

/** Token buckets per subscription and request class. */
export class Throttler {
  private buckets = new Map<string, TokenBucket>();

  constructor(
    private config: ThrottlingConfig,
    private readonly now: () => number = Date.now,
  ) {}

  setConfig(config: ThrottlingConfig) {
    this.config = config;
    this.buckets.clear();
  }

  bucket(subscriptionId: string, cls: ThrottleClass): TokenBucket {
    const key = `${subscriptionId.toLowerCase()}|${cls}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket({ ...this.config[cls], now: this.now });
      this.buckets.set(key, b);
    }
    return b;
  }

  reset() {
    this.buckets.clear();
  }
}

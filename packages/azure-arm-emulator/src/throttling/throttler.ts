import { TokenBucket } from './tokenBucket';

/**
 * Token buckets. ARM's own, per subscription (and region): `reads`,
 * `writes`, `deletes`. AKS's resource provider adds its own per operation,
 * each per the scope AKS names: `managedClusterPuts` and `managedClusterGets`
 * per cluster, `agentPoolPuts` per pool, `resourceGroupClusterLists` per
 * resource group, `subscriptionClusterLists`, `aksOperationStatus` and
 * `aksOther` per subscription.
 */
export type ThrottleClass =
  | 'reads'
  | 'writes'
  | 'deletes'
  | 'managedClusterPuts'
  | 'managedClusterGets'
  | 'agentPoolPuts'
  | 'subscriptionClusterLists'
  | 'resourceGroupClusterLists'
  | 'aksOperationStatus'
  | 'aksOther';

export interface BucketConfig {
  capacity: number;
  refillPerSecond: number;
}

export type ThrottlingConfig = Record<ThrottleClass, BucketConfig>;

/**
 * Azure's published limits (see the README's Throttling section for the sources):
 * ARM's token buckets per subscription, and AKS's per-operation buckets
 * ("Throttling limits on AKS resource provider APIs").
 */
export const defaultThrottling: ThrottlingConfig = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
  managedClusterPuts: { capacity: 20, refillPerSecond: 1 / 60 },
  managedClusterGets: { capacity: 60, refillPerSecond: 1 },
  agentPoolPuts: { capacity: 20, refillPerSecond: 1 / 60 },
  subscriptionClusterLists: { capacity: 500, refillPerSecond: 1 },
  resourceGroupClusterLists: { capacity: 60, refillPerSecond: 1 },
  aksOperationStatus: { capacity: 200, refillPerSecond: 2 },
  aksOther: { capacity: 60, refillPerSecond: 1 },
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

import { TokenBucket } from './tokenBucket';

describe('TokenBucket', () => {
  it('allows the burst, then refuses until tokens refill', () => {
    let now = 0;
    const bucket = new TokenBucket({
      capacity: 3,
      refillPerSecond: 1,
      now: () => now,
    });
    expect([bucket.tryTake(), bucket.tryTake(), bucket.tryTake()]).toEqual([
      true,
      true,
      true,
    ]);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.retryAfterSeconds()).toBe(1);
    now += 500;
    expect(bucket.tryTake()).toBe(false);
    now += 500;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  it('never refills above capacity', () => {
    let now = 0;
    const bucket = new TokenBucket({
      capacity: 2,
      refillPerSecond: 10,
      now: () => now,
    });
    now += 60_000;
    expect(bucket.remaining()).toBe(2);
    bucket.tryTake();
    expect(bucket.remaining()).toBe(1);
  });

  it('computes Retry-After for slow buckets (1 token per 10 s)', () => {
    let now = 0;
    const bucket = new TokenBucket({
      capacity: 1,
      refillPerSecond: 0.1,
      now: () => now,
    });
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.retryAfterSeconds()).toBe(10);
    now += 4000;
    expect(bucket.retryAfterSeconds()).toBe(6);
    now += 6000;
    expect(bucket.tryTake()).toBe(true);
  });
});

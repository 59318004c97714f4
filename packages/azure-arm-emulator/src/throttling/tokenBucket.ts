/** A token bucket with an injectable clock (milliseconds). */
export interface TokenBucketOptions {
  /** Maximum (and initial) number of tokens. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
  /** Clock in milliseconds, defaults to Date.now. */
  now?: () => number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.now = options.now ?? Date.now;
    this.tokens = options.capacity;
    this.last = this.now();
  }

  private refill() {
    const t = this.now();
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.last = t;
    this.tokens = Math.min(
      this.options.capacity,
      this.tokens + elapsed * this.options.refillPerSecond,
    );
  }

  /** Takes one token; returns false when the bucket is empty. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Whole tokens left. */
  remaining(): number {
    this.refill();
    return Math.floor(this.tokens);
  }

  /** Seconds until one token is available (at least 1 when empty). */
  retryAfterSeconds(): number {
    this.refill();
    if (this.tokens >= 1) return 0;
    if (this.options.refillPerSecond <= 0) return 3600;
    return Math.max(
      1,
      Math.ceil((1 - this.tokens) / this.options.refillPerSecond),
    );
  }
}

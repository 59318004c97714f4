/**
 * Paces one kind of scarce Azure write (managed-cluster PUTs) across all the
 * clusters a replica works on. Unthrottled, everything passes. Once Azure
 * answers 429, nothing passes until its Retry-After has elapsed, and then
 * requests go one at a time, so a refilled token is spent by one cluster
 * rather than fought over by all of them (each loser would cost a 429). After
 * `calmMs` without a 429 the gate opens fully again.
 */
export class ThrottleGate {
  private blockedUntil = 0;
  private lastThrottledAt = -Infinity;
  private inFlight = false;

  constructor(
    private readonly options: { calmMs: number; now?: () => number } = {
      calmMs: 60_000,
    },
  ) {}

  private now() {
    return this.options.now?.() ?? Date.now();
  }

  private get careful() {
    return this.now() - this.lastThrottledAt < this.options.calmMs;
  }

  /** How long a caller that was refused should wait before asking again. */
  waitMs(): number {
    return Math.max(this.blockedUntil - this.now(), 250);
  }

  /** Whether a request may go now; a true answer must be followed by accepted() or throttled(). */
  tryEnter(): boolean {
    if (this.now() < this.blockedUntil) return false;
    if (!this.careful) return true;
    if (this.inFlight) return false;
    this.inFlight = true;
    return true;
  }

  /** Azure took the request (or refused it for another reason than throttling). */
  accepted(): void {
    this.inFlight = false;
  }

  /** Azure answered 429: block everyone for Retry-After. */
  throttled(retryAfterMs: number): void {
    this.inFlight = false;
    this.lastThrottledAt = this.now();
    this.blockedUntil = this.now() + retryAfterMs;
  }
}

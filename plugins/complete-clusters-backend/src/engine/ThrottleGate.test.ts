import { ThrottleGate } from './ThrottleGate';

describe('ThrottleGate', () => {
  let now = 0;
  const gate = () => new ThrottleGate({ calmMs: 60_000, now: () => now });
  beforeEach(() => {
    now = 1_000_000;
  });

  it('lets everything through until Azure throttles', () => {
    const g = gate();
    expect([g.tryEnter(), g.tryEnter(), g.tryEnter()]).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("holds everyone for Azure's Retry-After, then lets one request go at a time", () => {
    const g = gate();
    g.throttled(10_000);
    expect(g.tryEnter()).toBe(false);
    expect(g.waitMs()).toBe(10_000);
    now += 10_000;
    expect(g.tryEnter()).toBe(true);
    expect(g.tryEnter()).toBe(false); // the next waits for the first's answer
    g.accepted();
    expect(g.tryEnter()).toBe(true);
    g.throttled(10_000);
    expect(g.tryEnter()).toBe(false);
  });

  it('opens fully again after a calm minute', () => {
    const g = gate();
    g.throttled(1_000);
    now += 61_000;
    expect([g.tryEnter(), g.tryEnter()]).toEqual([true, true]);
  });
});

import { backoffMs } from './phaseOutcome';

describe('the wait between attempts after a failure', () => {
  it('doubles from one poll interval and stops at 60 s at the shipped 5 s polls', () => {
    const waits = [1, 2, 3, 4, 5, 6, 40].map(a =>
      backoffMs({ pollIntervalMs: 5000 }, a),
    );
    expect(waits).toEqual([5000, 10000, 20000, 40000, 60000, 60000, 60000]);
  });

  it('keeps the same proportions at a quicker pace, so a sped-up engine backs off as shipped', () => {
    const waits = [1, 2, 3, 4, 5, 6, 40].map(a =>
      backoffMs({ pollIntervalMs: 20 }, a),
    );
    expect(waits).toEqual([20, 40, 80, 160, 240, 240, 240]);
  });
});

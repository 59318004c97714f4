import { ConfigReader } from '@backstage/config';
import { readRetentionSettings } from './readRetentionSettings';

const DAY = 24 * 3600 * 1000;

describe('readRetentionSettings', () => {
  it('keeps events 90 days and prunes daily unless configured', () => {
    expect(readRetentionSettings(new ConfigReader({}))).toMatchObject({
      eventsMs: 90 * DAY,
      schedule: { frequency: { hours: 24 } },
    });
  });

  it('reads the events retention as a duration object or an ISO duration', () => {
    expect(
      readRetentionSettings(
        new ConfigReader({
          completeClusters: { retention: { events: { days: 30 } } },
        }),
      ).eventsMs,
    ).toBe(30 * DAY);
    expect(
      readRetentionSettings(
        new ConfigReader({
          completeClusters: { retention: { events: 'P7D' } },
        }),
      ).eventsMs,
    ).toBe(7 * DAY);
  });

  it('refuses a retention that is not a duration, naming the key and the fix', () => {
    expect(() =>
      readRetentionSettings(
        new ConfigReader({
          completeClusters: { retention: { events: 'forever' } },
        }),
      ),
    ).toThrow(
      /^Invalid configuration completeClusters\.retention\.events: .*Fix: give a duration such as \{ days: 90 \}/,
    );
    expect(() =>
      readRetentionSettings(
        new ConfigReader({
          completeClusters: { retention: { events: { days: 0 } } },
        }),
      ),
    ).toThrow(
      'Invalid configuration completeClusters.retention.events: it is not longer than zero. Fix: give a duration such as { days: 90 }.',
    );
  });
});

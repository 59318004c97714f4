import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/config';
import { readPacingSettings } from './readPacingSettings';

const read = (pacing: JsonObject) =>
  readPacingSettings(
    new ConfigReader({ completeClusters: { azure: { pacing } } }),
  );

describe('readPacingSettings', () => {
  it('paces at Azure’s published limits unless told otherwise', () => {
    const settings = readPacingSettings(new ConfigReader({}));
    expect(settings.enabled).toBe(true);
    expect(settings.limits.reads).toEqual({
      capacity: 250,
      refillPerSecond: 25,
    });
    expect(settings.limits.aksOperationStatus).toEqual({
      capacity: 200,
      refillPerSecond: 2,
    });
    expect(settings.maxInlineWaitMs).toBe(5000);
  });

  it('takes lower limits for a subscription other tools share, and can be turned off', () => {
    const settings = read({
      enabled: false,
      writes: { refillPerSecond: 4 },
    });
    expect(settings.enabled).toBe(false);
    expect(settings.limits.writes).toEqual({
      capacity: 200,
      refillPerSecond: 4,
    });
  });

  it('refuses a limit that lets nothing through, naming the key', () => {
    expect(() => read({ reads: { refillPerSecond: 0 } })).toThrow(
      'Invalid configuration completeClusters.azure.pacing.reads.refillPerSecond: 0 is not a positive number',
    );
    expect(() => read({ deletes: { capacity: 0.5 } })).toThrow(
      'completeClusters.azure.pacing.deletes.capacity: 0.5 lets no request through',
    );
  });
});

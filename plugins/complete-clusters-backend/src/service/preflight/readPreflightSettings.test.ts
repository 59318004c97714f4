import { ConfigReader } from '@backstage/config';
import { readPreflightSettings } from './readPreflightSettings';

describe('readPreflightSettings', () => {
  const read = (preflight?: unknown) =>
    readPreflightSettings(
      new ConfigReader(
        preflight === undefined ? {} : { completeClusters: { preflight } },
      ),
    );

  it('defaults to the 5,000 managed clusters AKS allows a subscription', () => {
    expect(read()).toEqual({ managedClustersPerRegion: 5000 });
    expect(read({ managedClustersPerRegion: 100 })).toEqual({
      managedClustersPerRegion: 100,
    });
  });

  it('refuses a limit that is not a whole number above 0, naming the key and the fix', () => {
    for (const bad of [0, -3, 2.5])
      expect(() => read({ managedClustersPerRegion: bad })).toThrow(
        /^Invalid configuration completeClusters\.preflight\.managedClustersPerRegion: .* is not a whole number of clusters above 0\. Fix: give the subscription's managed-cluster quota in a region, from the Azure portal's Quotas page/,
      );
  });
});

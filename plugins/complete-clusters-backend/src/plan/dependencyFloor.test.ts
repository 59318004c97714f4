import { exampleRequest } from '../__testUtils__/exampleTemplates';
import { TEST_PLATFORM } from '../__testUtils__/emulator';
import { dependencyFloor } from './dependencyFloor';

const settings = {
  subscriptionId: '00000000-0000-0000-0000-0000000000c1',
  resourceGroupPrefix: 'rg-',
};

describe('dependencyFloor', () => {
  it.each(['developer', 'testing', 'production'] as const)(
    'is 4 operations for the %s example: the cluster, the Flux extension, the platform configuration, then the applications',
    template => {
      expect(
        dependencyFloor(
          exampleRequest(template, settings, `floor-${template}`),
          TEST_PLATFORM,
        ),
      ).toBe(4);
    },
  );
});

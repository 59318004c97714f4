import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';
import { aCluster } from './__testUtils__/clusters';
import { clusterEntity } from './clusterEntity';
import { entityProblems } from './entityProblems';

function problemsOf(
  overrides: Partial<Cluster>,
  azure: Partial<Cluster['azure']> = {},
) {
  return entityProblems(
    clusterEntity(aCluster(overrides, azure), {
      apiBaseUrl: 'http://localhost:7007/api/complete-clusters',
    }),
  );
}

describe('entityProblems of the entity made from a cluster', () => {
  it('finds nothing the catalog would refuse in a cluster as the API lists it, with or without its API server', async () => {
    expect(await problemsOf({})).toEqual([]);
    expect(await problemsOf({ phase: 'Pending' }, { fqdn: undefined })).toEqual(
      [],
    );
    expect(
      await problemsOf({
        ownerRef: 'group:platform/team-ai',
        environment: 'production',
      }),
    ).toEqual([]);
  });

  it('names the field of whatever the catalog would refuse', async () => {
    expect((await problemsOf({ name: 'Not a name!' })).join()).toMatch(
      /"metadata.name" is not valid.*"Not a name!"/,
    );
    expect((await problemsOf({ name: 'x'.repeat(64) })).join()).toMatch(
      /"metadata.name" is not valid/,
    );
    expect((await problemsOf({ environment: 'Dev Env' })).join()).toMatch(
      /"tags.0" is not valid.*"Dev Env"/,
    );
    expect(await problemsOf({ ownerRef: 'user:' })).toEqual([
      expect.stringMatching(/^spec.owner: Entity reference "user:" /),
    ]);
    expect(await problemsOf({ templateRef: 'developer' })).toEqual([
      expect.stringMatching(
        /^spec.dependsOn\[0\]: Entity reference "developer" had missing or empty kind/,
      ),
    ]);
  });
});

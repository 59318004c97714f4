import { aCluster, CLUSTER_CA } from './__testUtils__/clusters';
import { clusterEntity } from './clusterEntity';
import { clusterProblems, entityProblems } from './clusterProblems';

describe('clusterProblems', () => {
  it('finds nothing wrong with a cluster as the API lists it, with or without fqdn', () => {
    expect(clusterProblems(aCluster())).toEqual([]);
    expect(
      clusterProblems(aCluster({ phase: 'Pending' }, { fqdn: undefined })),
    ).toEqual([]);
  });

  it('names each bad field', () => {
    const { ownerRef, ...withoutOwner } = aCluster();
    expect(clusterProblems(withoutOwner)).toEqual([
      'ownerRef: missing; expected an entity ref such as user:default/jane or group:default/team-a',
    ]);
    expect(
      clusterProblems(
        aCluster(
          { name: 'Not a name!' },
          { fqdn: 'dev-ai-1-1a2b3c4d.hcp.southeastasia.azmk8s.io' },
        ),
      ),
    ).toEqual([
      'name: "Not a name!" is not a valid entity name (1-63 letters, digits and [-_.], starting and ending with a letter or digit)',
    ]);
    expect(clusterProblems(aCluster({ name: 'x'.repeat(64) }))[0]).toMatch(
      /^name: /,
    );
    expect(clusterProblems(aCluster({ templateRef: 'developer' }))[0]).toMatch(
      /^templateRef: "developer" is not an entity ref/,
    );
    expect(clusterProblems(aCluster({ environment: 'Dev Env' }))[0]).toMatch(
      /^environment: /,
    );
    expect(
      clusterProblems(aCluster({}, { resourceId: 'rg-dev/aks' }))[0],
    ).toMatch(/^azure.resourceId: /);
    expect(clusterProblems(aCluster({ applications: 'redis' as any }))).toEqual(
      ['applications: not a list'],
    );
    expect(
      clusterProblems(
        aCluster({
          applications: [{ name: 'redis', version: '1,2', source: 'x' }],
        }),
      ),
    ).toEqual([
      'applications[0]: needs a name and a version without ",", "@" or ":", and a namespace name if any',
    ]);
  });

  it('refuses an fqdn that would send the Kubernetes plugin anywhere but a host', () => {
    for (const fqdn of [
      'evil.example.com/x',
      'user:pass@host.example.com',
      'host.example.com:8443',
      'https://host.example.com',
      '',
    ]) {
      expect(clusterProblems(aCluster({}, { fqdn }))).toEqual([
        `azure.fqdn: ${JSON.stringify(fqdn)} is not a host name`,
      ]);
    }
  });

  it('takes a CA certificate and refuses anything else for one', () => {
    expect(
      clusterProblems(aCluster({}, { certificateAuthority: CLUSTER_CA })),
    ).toEqual([]);
    const notCa =
      'azure.certificateAuthority: not a PEM CA certificate (-----BEGIN CERTIFICATE----- ...)';
    for (const certificateAuthority of [
      '',
      'LS0tLS1CRUdJTi',
      CLUSTER_CA.replace('MIIBXDCC', 'MIIBXDXX'),
      42 as any,
    ]) {
      expect(clusterProblems(aCluster({}, { certificateAuthority }))).toEqual([
        notCa,
      ]);
    }
  });

  it('copes with things that are not clusters at all', () => {
    expect(clusterProblems(null)).toEqual(['(item): not an object']);
    expect(clusterProblems('dev-ai-1')).toEqual(['(item): not an object']);
    expect(clusterProblems({ name: 'dev-ai-1' })).toEqual(
      expect.arrayContaining([
        'ownerRef: missing; expected an entity ref such as user:default/jane or group:default/team-a',
        'azure: missing',
      ]),
    );
  });
});

describe('entityProblems', () => {
  it('reports what the catalog would refuse', async () => {
    const entity = clusterEntity(aCluster(), {
      apiBaseUrl: 'http://localhost:7007/api/complete-clusters',
    });
    expect(await entityProblems(entity)).toEqual([]);

    const refused = {
      ...entity,
      metadata: { ...entity.metadata, tags: ['Not A Tag'] },
    };
    expect((await entityProblems(refused)).join()).toContain('tags');
  });
});

import { entitySchemaValidator } from '@backstage/catalog-model';
import { aCluster, CLUSTER_CA } from './__testUtils__/clusters';
import { clusterEntity } from './clusterEntity';
import { entityProblems } from './entityProblems';

const apiBaseUrl = 'https://backstage.example.com/api/complete-clusters';

describe('clusterEntity', () => {
  it('makes a Resource owned by the owner and depending on its ClusterTemplate', async () => {
    const entity = clusterEntity(aCluster(), { apiBaseUrl });

    expect(entity).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'dev-ai-1',
        namespace: 'default',
        title: 'dev-ai-1',
        description:
          'development cluster from template developer v1.2.0 — Ready',
        tags: ['development', 'aks'],
        links: [
          {
            url: 'https://portal.azure.com/#resource/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev-ai-1/providers/Microsoft.ContainerService/managedClusters/dev-ai-1',
            title: 'Azure portal',
          },
        ],
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'user:default/jane',
        dependsOn: ['clustertemplate:default/developer'],
      },
    });
    expect(entity.spec).not.toHaveProperty('lifecycle');
    expect(() => entitySchemaValidator()(entity)).not.toThrow();
    expect(await entityProblems(entity)).toEqual([]);
  });

  it('writes exactly the source, template, Azure, application and Kubernetes annotations', () => {
    const entity = clusterEntity(aCluster(), { apiBaseUrl });

    expect(entity.metadata.annotations).toEqual({
      'backstage.io/managed-by-location':
        'url:https://backstage.example.com/api/complete-clusters/clusters/dev-ai-1',
      'backstage.io/managed-by-origin-location':
        'url:https://backstage.example.com/api/complete-clusters/clusters/dev-ai-1',
      'complete-clusters.io/cluster-template':
        'clustertemplate:default/developer',
      'complete-clusters.io/template-version': '1.2.0',
      'complete-clusters.io/azure-resource-id':
        '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-dev-ai-1/providers/Microsoft.ContainerService/managedClusters/dev-ai-1',
      'complete-clusters.io/phase': 'Ready',
      'complete-clusters.io/applications':
        'ai-models@1.4.2:ai-models,logging@aks-managed',
      'complete-clusters.io/namespaces': 'ai-models',
      'kubernetes.io/api-server':
        'https://dev-ai-1-1a2b3c4d.hcp.southeastasia.azmk8s.io',
      'kubernetes.io/api-server-certificate-authority': '',
      'kubernetes.io/auth-provider': 'aks',
      'kubernetes.io/dashboard-app': 'aks',
      'kubernetes.io/dashboard-parameters': JSON.stringify({
        subscriptionId: '00000000-0000-0000-0000-000000000001',
        resourceGroup: 'rg-dev-ai-1',
        clusterName: 'dev-ai-1',
      }),
      'kubernetes.io/skip-metrics-lookup': 'true',
      'backstage.io/kubernetes-cluster': 'dev-ai-1',
      'backstage.io/kubernetes-label-selector':
        'app.kubernetes.io/instance in (ai-models)',
    });
  });

  it("writes the cluster's CA as the Kubernetes plugin reads it: base64 of the PEM", () => {
    const entity = clusterEntity(
      aCluster({}, { certificateAuthority: CLUSTER_CA }),
      { apiBaseUrl },
    );
    const caData =
      entity.metadata.annotations![
        'kubernetes.io/api-server-certificate-authority'
      ];

    // What @kubernetes/client-node does with a cluster's caData.
    expect(Buffer.from(caData, 'base64').toString('utf8')).toBe(CLUSTER_CA);
    expect(caData).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('shows the workloads of every Helm application, or of any release when it has none', () => {
    const many = aCluster({
      applications: [
        {
          name: 'redis',
          version: '21.2.5',
          namespace: 'data',
          source: 'Helm chart redis from https://charts.bitnami.com/bitnami',
        },
        {
          name: 'kafka',
          version: '0.47.0',
          namespace: 'data',
          source:
            'Helm chart strimzi-kafka-operator from https://strimzi.io/charts/',
        },
      ],
    });
    expect(
      clusterEntity(many, { apiBaseUrl }).metadata.annotations![
        'backstage.io/kubernetes-label-selector'
      ],
    ).toBe('app.kubernetes.io/instance in (redis,kafka)');
    const none = aCluster({
      applications: [
        {
          name: 'logging',
          version: 'aks-managed',
          source: 'AKS add-on container-insights',
        },
      ],
    });
    expect(
      clusterEntity(none, { apiBaseUrl }).metadata.annotations![
        'backstage.io/kubernetes-label-selector'
      ],
    ).toBe('app.kubernetes.io/instance');
  });

  it('carries no credential: no token, key, password or kubeconfig anywhere (the CA certificate is public)', () => {
    const cluster = aCluster(
      { parameters: { name: 'dev-ai-1', adminPassword: 'hunter2' } },
      { certificateAuthority: CLUSTER_CA },
    );
    const entity = clusterEntity(cluster, { apiBaseUrl });
    const annotations = entity.metadata.annotations ?? {};

    for (const key of Object.keys(annotations)) {
      expect(key).not.toMatch(
        /token|secret|password|credential|kubeconfig|client-key|client-cert|assume-role|external-id/i,
      );
    }
    expect(annotations).not.toHaveProperty('kubernetes.io/skip-tls-verify');
    // The consumer's answers are not copied into the entity at all.
    expect(JSON.stringify(entity)).not.toContain('hunter2');
    expect(JSON.stringify(entity)).not.toMatch(/BEGIN .*PRIVATE KEY|Bearer /);
  });

  it('has no Kubernetes annotations until Azure has given the API server', () => {
    const entity = clusterEntity(
      aCluster({ phase: 'ManagedCluster' }, { fqdn: undefined }),
      { apiBaseUrl },
    );
    const keys = Object.keys(entity.metadata.annotations ?? {});

    expect(keys.filter(k => k.startsWith('kubernetes.io/'))).toEqual([]);
    expect(entity.metadata.annotations?.['complete-clusters.io/phase']).toBe(
      'ManagedCluster',
    );
    expect(entity.metadata.description).toBe(
      'development cluster from template developer v1.2.0 — ManagedCluster',
    );
  });

  it('says why a failed cluster failed', () => {
    const entity = clusterEntity(
      aCluster({
        phase: 'Failed',
        statusMessage: 'Quota exceeded for Standard_NC24ads_A100_v4',
      }),
      { apiBaseUrl },
    );

    expect(entity.metadata.description).toBe(
      'development cluster from template developer v1.2.0 — Failed: Quota exceeded for Standard_NC24ads_A100_v4',
    );
  });

  it('takes the AKS cluster name for the dashboard from the ARM id', () => {
    const cluster = aCluster(
      {},
      {
        resourceId:
          '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-dev-ai-1',
      },
    );
    const parameters = JSON.parse(
      clusterEntity(cluster, { apiBaseUrl }).metadata.annotations![
        'kubernetes.io/dashboard-parameters'
      ],
    );

    expect(parameters).toEqual({
      subscriptionId: cluster.azure.subscriptionId,
      resourceGroup: cluster.azure.resourceGroup,
      clusterName: 'aks-dev-ai-1',
    });
  });

  it('does not repeat the environment tag', () => {
    expect(
      clusterEntity(aCluster({ environment: 'aks' }), { apiBaseUrl }).metadata
        .tags,
    ).toEqual(['aks']);
  });
});

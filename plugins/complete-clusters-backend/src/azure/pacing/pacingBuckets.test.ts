import { bucketsOf } from './pacingBuckets';

const ARM = 'https://management.azure.com';
const SUB = '/subscriptions/00000000-0000-0000-0000-0000000000C1';

describe('the buckets a request counts against', () => {
  it('counts reads, writes and deletes apart, in the subscription of the URL', () => {
    expect(
      bucketsOf(
        'GET',
        `${ARM}${SUB}/resourceGroups/rg-a?api-version=2024-03-01`,
      ),
    ).toEqual({
      subscriptionId: '00000000-0000-0000-0000-0000000000c1',
      buckets: ['reads'],
    });
    expect(
      bucketsOf('PUT', `${ARM}${SUB}/resourceGroups/rg-a`)?.buckets,
    ).toEqual(['writes']);
    expect(
      bucketsOf('POST', `${ARM}${SUB}/resourceGroups/rg-a/x`)?.buckets,
    ).toEqual(['writes']);
    expect(
      bucketsOf('DELETE', `${ARM}${SUB}/resourceGroups/rg-a`)?.buckets,
    ).toEqual(['deletes']);
  });

  it('counts the status reads of AKS operations against AKS’s own bucket too', () => {
    for (const kind of ['operations', 'operationresults'])
      expect(
        bucketsOf(
          'GET',
          `${ARM}${SUB}/providers/Microsoft.ContainerService/locations/centralindia/${kind}/abc?api-version=2025-10-01`,
        )?.buckets,
      ).toEqual(['reads', 'aksOperationStatus']);
    // A managed cluster's own read is not an operation status.
    expect(
      bucketsOf(
        'GET',
        `${ARM}${SUB}/resourceGroups/rg-a/providers/Microsoft.ContainerService/managedClusters/a`,
      )?.buckets,
    ).toEqual(['reads']);
  });

  it('counts AKS’s other requests per subscription as AKS does, and leaves per-cluster ones to their cluster', () => {
    const aks = `${ARM}${SUB}/resourceGroups/rg-a/providers/Microsoft.ContainerService/managedClusters/a`;
    const buckets = (method: string, url: string) =>
      bucketsOf(method, url)?.buckets;
    expect(
      buckets(
        'GET',
        `${ARM}${SUB}/providers/Microsoft.ContainerService/locations/southeastasia/kubernetesVersions?api-version=2025-10-01`,
      ),
    ).toEqual(['reads', 'aksOther']);
    expect(
      buckets(
        'GET',
        `${ARM}${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2025-10-01`,
      ),
    ).toEqual(['reads', 'aksSubscriptionClusterLists']);
    expect(buckets('GET', `${aks}/agentPools`)).toEqual(['reads', 'aksOther']);
    expect(buckets('POST', `${aks}/listClusterUserCredential`)).toEqual([
      'writes',
      'aksOther',
    ]);
    expect(buckets('DELETE', aks)).toEqual(['deletes', 'aksOther']);
    expect(buckets('PATCH', aks)).toEqual(['writes', 'aksOther']);
    // Per cluster, pool or resource group in AKS's own counting.
    expect(buckets('PUT', aks)).toEqual(['writes']);
    expect(buckets('GET', aks)).toEqual(['reads']);
    expect(buckets('PUT', `${aks}/agentPools/gpu`)).toEqual(['writes']);
    expect(
      buckets(
        'GET',
        `${ARM}${SUB}/resourceGroups/rg-a/providers/Microsoft.ContainerService/managedClusters`,
      ),
    ).toEqual(['reads']);
    // Extensions and Flux configurations belong to another resource provider.
    expect(
      buckets(
        'PUT',
        `${aks}/providers/Microsoft.KubernetesConfiguration/extensions/flux`,
      ),
    ).toEqual(['writes']);
    // So do role assignments on a namespace of the cluster (Microsoft.Authorization's, not AKS's).
    expect(
      buckets(
        'PUT',
        `${aks}/namespaces/ai-models/providers/Microsoft.Authorization/roleAssignments/0cb9aded-3f36-5d39-90ee-9db530700eb8`,
      ),
    ).toEqual(['writes']);
    expect(
      buckets(
        'GET',
        `${aks}/providers/Microsoft.Authorization/roleAssignments`,
      ),
    ).toEqual(['reads']);
    // An AKS resource under the cluster that is not another provider's still counts in AKS's bucket.
    expect(buckets('GET', `${aks}/namespaces/ai-models`)).toEqual([
      'reads',
      'aksOther',
    ]);
  });

  it('leaves requests outside a subscription unpaced', () => {
    expect(
      bucketsOf('GET', 'https://prices.azure.com/api/retail/prices?x=1'),
    ).toBeUndefined();
    expect(bucketsOf('GET', 'not a url')).toBeUndefined();
  });
});

import { CompleteClustersClient } from './CompleteClustersClient';
import type { Cluster } from './types';

/** GET /clusters as the backend pages it: `pages` in order, each pointing to the next by cursor. */
function pagedBackend(pages: Array<Array<Partial<Cluster>>>) {
  const asked: URL[] = [];
  const fetchApi = {
    fetch: (async (input: RequestInfo | URL) => {
      const url = new URL(String(input));
      asked.push(url);
      const cursor = url.searchParams.get('cursor');
      const index = cursor ? Number(cursor.replace('page-', '')) : 0;
      const body = {
        items: pages[index],
        ...(index + 1 < pages.length
          ? { nextCursor: `page-${index + 1}` }
          : {}),
      };
      return new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as typeof fetch,
  };
  const client = new CompleteClustersClient({
    discoveryApi: {
      getBaseUrl: async () => 'http://backend.test/api/complete-clusters',
    },
    fetchApi,
  });
  return { client, asked };
}

describe('CompleteClustersClient.listClusters', () => {
  it('follows every page of GET /clusters, so callers get all clusters as before paging', async () => {
    const { client, asked } = pagedBackend([
      [{ name: 'a' }, { name: 'b' }],
      [{ name: 'c' }],
      [{ name: 'd' }],
    ]);
    const clusters = await client.listClusters({ mine: true });
    expect(clusters.map(c => c.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(asked.map(u => Object.fromEntries(u.searchParams))).toEqual([
      { limit: '500', owner: 'me' },
      { limit: '500', owner: 'me', cursor: 'page-1' },
      { limit: '500', owner: 'me', cursor: 'page-2' },
    ]);
  });

  it('passes the filters to the backend', async () => {
    const { client, asked } = pagedBackend([[]]);
    await client.listClusters({
      owner: 'group:default/team-a',
      template: 'clustertemplate:default/developer',
      phase: ['Ready', 'Failed'],
      changedSince: '2026-12-03T18:00:00.000Z',
    });
    expect(Object.fromEntries(asked[0].searchParams)).toEqual({
      limit: '500',
      owner: 'group:default/team-a',
      template: 'clustertemplate:default/developer',
      phase: 'Ready,Failed',
      changedSince: '2026-12-03T18:00:00.000Z',
    });
  });
});

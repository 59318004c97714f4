import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { developerCluster } from '../../__testUtils__/clusters';
import { ClusterTable, MY_CLUSTERS_PAGE_SIZE } from './ClusterTable';

/** `count` clusters, newest first as My clusters gives them: dev-001 is the newest. */
function clusters(count: number) {
  return Array.from({ length: count }, (_, i) =>
    developerCluster(`dev-${String(i + 1).padStart(3, '0')}`, 'Ready', {
      createdAt: new Date(Date.UTC(2025, 5, 1) - i * 60_000).toISOString(),
    }),
  );
}

async function renderTable(count: number) {
  await renderInTestApp(<ClusterTable clusters={clusters(count)} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return screen
    .getAllByRole('link')
    .map(link => link.textContent)
    .filter(text => /^dev-\d+$/.test(text ?? ''));
}

describe('ClusterTable', () => {
  it('shows a few clusters on one page, with no pagination', async () => {
    expect(await renderTable(3)).toEqual(['dev-001', 'dev-002', 'dev-003']);
    expect(screen.queryByText(/of 3/)).not.toBeInTheDocument();
  });

  // Each row's cells hold components whose styles get a <style> element each:
  // 1,000 rows at once took Chromium 90 s to paint (bench/browser.ts).
  it('shows many clusters a page at a time, the newest first', async () => {
    const names = await renderTable(1000);
    expect(names).toHaveLength(MY_CLUSTERS_PAGE_SIZE);
    expect(names[0]).toBe('dev-001');
    expect(names[MY_CLUSTERS_PAGE_SIZE - 1]).toBe(
      `dev-0${MY_CLUSTERS_PAGE_SIZE}`,
    );
    // The pagination says where the page is (its text is in the pagination twice).
    expect(
      screen.getAllByText(`1-${MY_CLUSTERS_PAGE_SIZE} of 1000`)[0],
    ).toBeInTheDocument();
  });
});

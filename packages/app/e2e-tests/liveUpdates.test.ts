import { test, expect, Page } from '@playwright/test';
import { openClusters, signIn } from './signIn';

/** The channel the backend signals cluster changes on (CLUSTER_CHANGED_SIGNAL_CHANNEL in -common). */
const CHANNEL = 'complete-clusters:cluster-changed';

interface Heard {
  at: number;
  channel?: string;
  message?: { name?: string; phase?: string };
}

/** Every message the page's signals connection receives, with when; `opened` counts its connections. */
function listen(page: Page): Heard[] & { opened: number } {
  const heard = Object.assign([] as Heard[], { opened: 0 });
  page.on('websocket', socket => {
    heard.opened++;
    socket.on('framereceived', frame => {
      try {
        heard.push({ at: Date.now(), ...JSON.parse(String(frame.payload)) });
      } catch {
        // Not a signal (a ping, say).
      }
    });
  });
  return heard;
}

const about = (heard: Heard[], name: string) =>
  heard.filter(h => h.channel === CHANNEL && h.message?.name === name);

/** When the page asked the backend for its clusters (the My clusters list: `GET …/clusters?owner=me`). */
function listLoads(page: Page): number[] {
  const loads: number[] = [];
  page.on('request', request => {
    const url = new URL(request.url());
    if (
      request.method() === 'GET' &&
      url.pathname.endsWith('/api/complete-clusters/clusters') &&
      url.searchParams.get('owner') === 'me'
    )
      loads.push(Date.now());
  });
  return loads;
}

/** How soon after a signal the page must load its clusters again: it waits 250 ms for more signals, then asks. */
const RELOAD_WITHIN_MS = 1_500;

test('the owner’s open Clusters page hears each change of their cluster through Backstage signals and shows it at once; another user hears nothing of it', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const name = `dev-live-${Date.now().toString(36)}`;

  // Another user has the Clusters page open too: the platform engineer, who does not own the cluster.
  const otherSession = await browser.newContext();
  const other = await otherSession.newPage();
  const otherHeard = listen(other);
  await signIn(other, 'platform engineer');
  await expect(other).toHaveURL(/\/clusters$/);
  await expect(
    other.getByRole('region', { name: 'My clusters' }),
  ).toBeVisible();

  // The guest's Clusters page, open before the request exists.
  const heard = listen(page);
  const loads = listLoads(page);
  await signIn(page, 'guest');
  await openClusters(page);
  const mine = page.getByRole('region', { name: 'My clusters' });
  await expect(mine).toBeVisible();

  // The guest requests a developer cluster in another tab.
  const form = await page.context().newPage();
  await form.goto('/create/templates/default/developer');
  await form.getByLabel(/Cluster name/).fill(name);
  await form.getByRole('button', { name: 'Review' }).click();
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(form).toHaveURL(/\/create\/tasks\//);

  // The open page lists the new cluster, hears each change as the cluster is built, and the row follows to Ready.
  const row = mine.getByRole('row').filter({
    has: page.getByRole('link', { name, exact: true }),
  });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(() => new Set(about(heard, name).map(h => h.message?.phase)).size, {
      timeout: 60_000,
    })
    .toBeGreaterThanOrEqual(3);
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({
    timeout: 150_000,
  });
  // The row may show Ready from its own poll a moment before the signal of that change arrives: wait for it.
  await expect
    .poll(() => about(heard, name).some(h => h.message?.phase === 'Ready'), {
      timeout: 15_000,
    })
    .toBe(true);

  // Each change it heard made the page load its clusters again at once. Its own poll comes every 10 s while
  // signals reach it, so a load within 1.5 s after every one of three or more changes is the signals' doing;
  // the row itself may still be shown first by a poll that happens to fall between a change and its signal.
  const firstOfEachPhase = new Map<string | undefined, number>();
  for (const h of about(heard, name))
    if (!firstOfEachPhase.has(h.message?.phase))
      firstOfEachPhase.set(h.message?.phase, h.at);
  expect(firstOfEachPhase.size).toBeGreaterThanOrEqual(3);
  const unanswered = () =>
    [...firstOfEachPhase].filter(
      ([, at]) =>
        !loads.some(load => load >= at && load - at <= RELOAD_WITHIN_MS),
    );
  // The last change may have been heard a moment ago: give its load the time it is allowed.
  await expect.poll(unanswered, { timeout: 2 * RELOAD_WITHIN_MS }).toEqual([]);

  // The platform engineer's page, connected to the signals too, heard nothing of the guest's cluster.
  expect(otherHeard.opened).toBeGreaterThan(0);
  expect(about(otherHeard, name)).toEqual([]);
  await otherSession.close();
  await form.close();
});

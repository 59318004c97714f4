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

  // The open page hears of the new cluster and lists it at once: it would otherwise wait for its next poll, up to 10 s.
  const link = mine.getByRole('link', { name, exact: true });
  await link.waitFor({ state: 'visible', timeout: 60_000 });
  const shownAt = Date.now();
  const first = about(heard, name)[0];
  expect(first).toBeDefined();
  expect(shownAt - first.at).toBeLessThan(2_000);

  // It goes on hearing each change as the cluster is built, and the row follows.
  await expect
    .poll(() => new Set(about(heard, name).map(h => h.message?.phase)).size, {
      timeout: 60_000,
    })
    .toBeGreaterThanOrEqual(3);
  const row = mine.getByRole('row').filter({
    has: page.getByRole('link', { name, exact: true }),
  });
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({
    timeout: 150_000,
  });
  // The row may show Ready from its own poll a moment before the signal of that change arrives: wait for it.
  await expect
    .poll(() => about(heard, name).some(h => h.message?.phase === 'Ready'), {
      timeout: 15_000,
    })
    .toBe(true);

  // The platform engineer's page, connected to the signals too, heard nothing of the guest's cluster.
  expect(otherHeard.opened).toBeGreaterThan(0);
  expect(about(otherHeard, name)).toEqual([]);
  await otherSession.close();
  await form.close();
});

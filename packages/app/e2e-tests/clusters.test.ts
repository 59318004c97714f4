import { test, expect, Page } from '@playwright/test';
import { openClusters, signIn } from './signIn';
import {
  expectTablesReadAtEveryWidth,
  keepScreenshot,
  showAt,
  WIDTHS,
  wordsBrokenAcrossLines,
} from './whatAPersonSees';

// A fresh name each run: the portal's SQLite files outlive a run on a developer's machine.
const clusterName = `dev-e2e-${Date.now().toString(36)}`;

/**
 * A cluster's page in the quick start shows no warning banner: every entity
 * it relates to (owner, requester, template) is in the catalog. Waits for the
 * page to settle first: the catalog's relation check answers after the card.
 */
async function expectNoWarningBanner(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.getByText(/can't be found in the catalog/)).toHaveCount(0);
  await expect(page.getByRole('main').getByRole('alert')).toHaveCount(0);
}

test('the word check sees a word broken across lines, and lets free text wrap where running text does', async ({
  page,
}) => {
  // The check itself must be able to fail: cells too narrow for their words, allowed to break them.
  const narrow = 'style="width:30px;max-width:30px;overflow-wrap:anywhere"';
  const table = (policy: string, status: string) =>
    `<table><thead><tr><th>Policy</th><th>Status</th></tr></thead><tbody><tr>${policy}${status}</tr></tbody></table>`;
  // A cluster's facts are a definition list: a value broken between letters counts too.
  const facts = `<dl><dt>ARM resource id</dt><dd ${narrow}>managedClusters</dd><dt>Location</dt><dd>southeastasia</dd></dl>`;
  await page.setContent(
    [
      table(
        `<td ${narrow}>Installed</td>`,
        '<td style="width:70px;max-width:70px">kuberay-operator-from-helm</td>',
      ),
      table('<td>dev-e2e-1</td>', `<td ${narrow}>Installing</td>`),
      // Free text allowed to wrap after each dot of a version wider than the column (its header is narrower).
      table(
        '<td>dev-e2e-2</td>',
        '<td style="width:30px;max-width:30px">api 2025.<wbr>10.<wbr>01</td>',
      ),
      facts,
    ].join(''),
  );
  const check = await wordsBrokenAcrossLines(page.locator('body'));
  expect(check.cells).toBe(14);
  // An identifier broken between letters, free text broken between letters or inside a version; not free text
  // wrapped at its hyphens.
  expect(check.broken).toEqual([
    expect.stringContaining('"Installed" on'),
    expect.stringContaining('"Installing" on'),
    expect.stringContaining('"2025.10.01" on'),
    expect.stringContaining('"managedClusters" on'),
  ]);
});

test('a guest requests a developer cluster in the form, watches it reach Ready and finds it under My clusters', async ({
  page,
}, testInfo) => {
  test.setTimeout(240_000);
  await signIn(page, 'guest');

  await openClusters(page);
  await expect(page).toHaveURL(/\/clusters$/);

  const cards = page.locator('[data-testid^="template-card-"]');
  await expect(cards).toHaveCount(3);
  await expect(cards.nth(0)).toHaveAccessibleName('Developer cluster');
  await expect(cards.nth(1)).toHaveAccessibleName('Testing cluster');
  await expect(cards.nth(2)).toHaveAccessibleName('Production cluster');
  const production = page.getByTestId('template-card-production');
  await expect(
    production.getByText('User · 0-25 nodes (autoscale)'),
  ).toBeVisible();
  await expect(
    production.getByText('Network traffic denied by default'),
  ).toBeVisible();
  // Every line of every card is read whole at both widths: none cut short with an ellipsis.
  for (const width of WIDTHS) {
    await showAt(page, width);
    const lines = await cards.evaluateAll(all =>
      all
        .flatMap(card => [...card.querySelectorAll('*')])
        .filter(el => getComputedStyle(el).textOverflow === 'ellipsis')
        .map(el => ({
          text: el.textContent,
          cut: el.scrollWidth > el.clientWidth,
        })),
    );
    expect(lines.length).toBeGreaterThan(10);
    expect(
      lines.filter(line => line.cut).map(line => line.text),
      `cut short at ${width} px`,
    ).toEqual([]);
  }

  await page.getByRole('button', { name: 'Create Developer cluster' }).click();
  await expect(page).toHaveURL(/\/create\/templates\/default\/developer/);
  await expect(page.getByText('Request a developer cluster')).toBeVisible();
  await expect(page.getByLabel(/Cluster name/)).toBeVisible();
  await expect(page.getByLabel(/Most GPU nodes/)).toHaveValue('2');
  // A choice of region, the template's own by default.
  await expect(page.getByLabel(/^Region/)).toHaveText(/southeastasia/);

  // A name AKS would refuse is caught in the form, with the rule spelt out.
  await page.getByLabel(/Cluster name/).fill('Dev_Cluster');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(
    page.getByText(/Use 3-\d+ lowercase letters, digits and hyphens/).first(),
  ).toBeVisible();
  await page.getByLabel(/Cluster name/).fill(clusterName);
  await page.getByRole('button', { name: 'Review' }).click();
  // The review lists the answers (the form's pre-flight checks name the cluster too, until they go).
  await expect(
    page.getByRole('cell', { name: clusterName, exact: true }),
  ).toBeVisible();

  // Create: the Scaffolder task records the request, then follows each phase as its own step.
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
  await expect(page.getByText('Resource group').first()).toBeVisible();
  await expect(
    page.getByText('Managed cluster and node pools').first(),
  ).toBeVisible();
  const openInCatalog = page
    .getByRole('button', { name: 'Open the cluster in the catalog' })
    .or(page.getByRole('link', { name: 'Open the cluster in the catalog' }));
  await expect(openInCatalog.first()).toBeVisible({ timeout: 150_000 });

  // My clusters on the Clusters page lists it, Ready, linking to its catalog entity.
  await openClusters(page);
  const mine = page.getByRole('region', { name: 'My clusters' });
  const row = mine.getByRole('row').filter({
    has: page.getByRole('link', { name: clusterName, exact: true }),
  });
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({
    timeout: 30_000,
  });

  // Its catalog page shows the cluster card with its Azure id and history.
  await row.getByRole('link', { name: clusterName, exact: true }).click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/resource/${clusterName}`),
  );
  await expect(page.getByText('Complete cluster', { exact: true })).toBeVisible(
    { timeout: 30_000 },
  );
  await expect(
    page.getByText(new RegExp(`/managedClusters/${clusterName}$`)).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Node pools' }).getByRole('row'),
  ).not.toHaveCount(0);
  await expectNoWarningBanner(page);
  // The guest is the catalog's user:default/guest, so the owner link leads to a real entity.
  await expect(
    page.getByRole('link', { name: 'guest', exact: true }).first(),
  ).toHaveAttribute('href', '/catalog/default/user/guest');
  await expectTablesReadAtEveryWidth(
    page,
    page.getByRole('main'),
    testInfo,
    'developer-cluster-page',
    8,
  );

  // The Clusters page: templates, then My clusters, every name, phase and version on one line.
  await openClusters(page);
  await expect(
    mine.getByRole('link', { name: clusterName, exact: true }),
  ).toBeVisible();
  await expectTablesReadAtEveryWidth(page, mine, testInfo, 'clusters-page', 6);
});

test('a platform engineer with the Clusters page open sees a guest’s production request appear, approves it, and it ends Ready with its applications and policies', async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const name = `prod-e2e-${Date.now().toString(36)}`;

  // The platform engineer, in another browser session, has the Clusters page open before the request exists.
  const approverSession = await browser.newContext({
    viewport: { width: WIDTHS[0], height: 900 },
  });
  const approver = await approverSession.newPage();
  await signIn(approver, 'platform engineer');
  await openClusters(approver);
  await expect(
    approver.getByRole('region', { name: 'My clusters' }),
  ).toBeVisible();

  await signIn(page, 'guest');
  await openClusters(page);
  await page.getByRole('button', { name: 'Create Production cluster' }).click();
  await expect(page.getByText('Request a production cluster')).toBeVisible();
  await page.getByLabel(/Cluster name/).fill(name);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task waits in its approval step; nothing is built yet.
  await expect(page).toHaveURL(/\/create\/tasks\//);
  const taskUrl = page.url();
  await expect(
    page.getByText('Approval by group:default/platform-team').first(),
  ).toBeVisible();

  // Within 10 s, without a reload, the request shows on the platform engineer's open page.
  const waiting = approver.getByRole('region', {
    name: 'Awaiting your approval',
  });
  const request = waiting
    .getByRole('row')
    .filter({ has: approver.getByRole('link', { name, exact: true }) });
  await expect(request).toBeVisible({ timeout: 10_000 });
  // The template (an entity link) and its environment both read "production".
  await expect(
    request.getByText('production', { exact: true }).first(),
  ).toBeVisible();
  await expectTablesReadAtEveryWidth(
    approver,
    waiting,
    testInfo,
    'approvals',
    6,
  );
  // The decision needs no sideways scrolling, on a laptop too.
  for (const width of WIDTHS) {
    await showAt(approver, width);
    await waiting.scrollIntoViewIfNeeded();
    await expect(
      request.getByRole('button', { name: `Reject ${name}` }),
    ).toBeInViewport({ ratio: 1 });
  }

  await request.getByRole('button', { name: `Approve ${name}` }).click();
  const dialog = approver.getByRole('dialog', {
    name: `Approve the request for ${name}`,
  });
  await dialog.getByLabel(/Reason/).fill('capacity planned for the launch');
  for (const width of WIDTHS) {
    await showAt(approver, width);
    await keepScreenshot(approver, testInfo, `approval-dialog-${width}`);
  }
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(request).toBeHidden({ timeout: 30_000 });
  await approverSession.close();

  // The guest's task goes on by itself: policies before applications, each its own step.
  await page.goto(taskUrl);
  await expect(
    page
      .getByText('Policies: pod security, access and network isolation')
      .first(),
  ).toBeVisible();
  await expect(
    page.getByText('Applications', { exact: true }).first(),
  ).toBeVisible();
  const openInCatalog = page
    .getByRole('button', { name: 'Open the cluster in the catalog' })
    .or(page.getByRole('link', { name: 'Open the cluster in the catalog' }));
  await expect(openInCatalog.first()).toBeVisible({ timeout: 180_000 });

  await page.goto(`/catalog/default/resource/${name}`);
  await expect(page.getByText('Complete cluster', { exact: true })).toBeVisible(
    { timeout: 30_000 },
  );
  await expect(
    page
      .getByText(/by .*platform-engineer.*: capacity planned for the launch/)
      .first(),
  ).toBeVisible();
  const apps = page.getByRole('region', { name: 'Applications' });
  for (const [app, version] of [
    ['ai-models', '1.4.2'],
    ['redis', '21.2.5'],
    ['kafka', '0.47.0'],
    ['logging', 'aks-managed'],
    ['monitoring', '77.0.0'],
  ]) {
    const row = apps
      .getByRole('row')
      .filter({ has: page.getByText(app, { exact: true }) });
    await expect(
      row.getByRole('cell', { name: version, exact: true }),
    ).toBeVisible();
    await expect(row.getByText('Installed', { exact: true })).toBeVisible();
  }
  const policies = page.getByRole('region', { name: 'Policies' });
  for (const policy of [
    'No privileged containers',
    'Pod Security Standard restricted',
    'Namespaces, pod security and default-deny network',
  ]) {
    const row = policies
      .getByRole('row')
      .filter({ has: page.getByText(policy, { exact: true }) });
    await expect(row.getByText('Installed', { exact: true })).toBeVisible();
  }
  // Access is the template's, locked: the requester reads, the platform team administers.
  await expect(
    policies.getByText(
      /may view in the whole cluster \(role Azure Kubernetes Service RBAC Reader\)/,
    ),
  ).toBeVisible();
  await expect(
    policies.getByText(
      /group:default\/platform-team may admin in the whole cluster \(role Azure Kubernetes Service RBAC Cluster Admin\)/,
    ),
  ).toBeVisible();

  // What a person sees: no false warning, and every name, version and state on one line at both widths.
  await expectNoWarningBanner(page);
  await expectTablesReadAtEveryWidth(
    page,
    page.getByRole('main'),
    testInfo,
    'production-cluster-page',
    30,
  );
});

test('a platform engineer finds every cluster of the team’s templates in the fleet view, from the team’s page, and a template’s versions', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'platform engineer');
  // Signed in, the portal's front door is the Clusters page (a navigation before that lands on the sign-in page again).
  await expect(page).toHaveURL(/\/clusters$/);
  await expect(
    page.getByRole('heading', { name: 'Complete clusters' }),
  ).toBeVisible();
  // An address no page claims is still a 404, not the Clusters page.
  await page.goto('/no-such-page');
  await expect(page.getByText(/PAGE NOT FOUND/)).toBeVisible();

  // The team's page links to the fleet of its templates.
  await page.goto('/catalog/default/group/platform-team');
  const card = page
    .getByText('Complete clusters', { exact: true })
    .locator('xpath=ancestor::*[contains(@class,"MuiCard-root")][1]');
  await expect(card.getByText(/of 3 templates/)).toBeVisible({
    timeout: 30_000,
  });
  await card.getByRole('link', { name: /\d+ clusters?/ }).click();

  await expect(page.getByRole('heading', { name: 'Fleet' })).toBeVisible();
  await expect(page).toHaveURL(
    /\/clusters\/fleet\?templateOwner=group%3Adefault%2Fplatform-team/,
  );
  // The clusters the earlier tests made, developer and production alike, with version and phase.
  const table = page.getByRole('table');
  await expect(
    table.getByRole('link', { name: /^dev-e2e-/ }).first(),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    table.getByRole('link', { name: /^prod-e2e-/ }).first(),
  ).toBeVisible();
  await expect(table.getByText('v1.0.0').first()).toBeVisible();
  await expect(page.getByText(/^Ready \d+$/)).toBeVisible();
  await expectTablesReadAtEveryWidth(
    page,
    page.locator('main'),
    testInfo,
    'fleet',
    8,
  );

  // A filter is asked of the backend: only production clusters remain.
  await page.getByLabel('Environment').click();
  await page.getByRole('option', { name: 'production' }).click();
  await expect(table.getByRole('link', { name: /^dev-e2e-/ })).toHaveCount(0);
  await expect(
    table.getByRole('link', { name: /^prod-e2e-/ }).first(),
  ).toBeVisible();

  // A template's page shows the versions the portal has seen.
  await page.goto('/catalog/default/clustertemplate/developer');
  await expect(page.getByRole('region', { name: 'Version 1.0.0' })).toBeVisible(
    { timeout: 30_000 },
  );
  await expect(
    page.getByText('The first version the portal recorded.'),
  ).toBeVisible();
});

import { test, expect } from '@playwright/test';

// A fresh name each run: the portal's SQLite files outlive a run on a developer's machine.
const clusterName = `dev-e2e-${Date.now().toString(36)}`;

test('a guest requests a developer cluster in the form, watches it reach Ready and finds it under My clusters', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'Clusters' }).click();
  await expect(page).toHaveURL(/\/clusters$/);

  const cards = page.locator('[data-testid^="template-card-"]');
  await expect(cards).toHaveCount(3);
  await expect(cards.nth(0)).toHaveAccessibleName('Developer cluster');
  await expect(cards.nth(1)).toHaveAccessibleName('Testing cluster');
  await expect(cards.nth(2)).toHaveAccessibleName('Production cluster');
  const production = page.getByTestId('template-card-production');
  await expect(production.getByText('User · 0-25 nodes (autoscale)')).toBeVisible();
  await expect(production.getByText('Network traffic denied by default')).toBeVisible();

  await page.getByRole('button', { name: 'Create Developer cluster' }).click();
  await expect(page).toHaveURL(/\/create\/templates\/default\/developer/);
  await expect(page.getByText('Request a developer cluster')).toBeVisible();
  await expect(page.getByLabel(/Cluster name/)).toBeVisible();
  await expect(page.getByLabel(/Most GPU nodes/)).toHaveValue('2');

  // A name AKS would refuse is caught in the form, with the rule spelt out.
  await page.getByLabel(/Cluster name/).fill('Dev_Cluster');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(/Use 3-63 lowercase letters, digits and hyphens/).first()).toBeVisible();
  await page.getByLabel(/Cluster name/).fill(clusterName);
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(clusterName)).toBeVisible();

  // Create: the Scaffolder task records the request, then follows each phase as its own step.
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page).toHaveURL(/\/create\/tasks\//);
  await expect(page.getByText('Resource group').first()).toBeVisible();
  await expect(page.getByText('Managed cluster and node pools').first()).toBeVisible();
  const openInCatalog = page.getByRole('button', { name: 'Open the cluster in the catalog' }).or(
    page.getByRole('link', { name: 'Open the cluster in the catalog' }),
  );
  await expect(openInCatalog.first()).toBeVisible({ timeout: 150_000 });

  // My clusters on the Clusters page lists it, Ready, linking to its catalog entity.
  await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Clusters' }).click();
  const mine = page.getByRole('region', { name: 'My clusters' });
  const row = mine.getByRole('row').filter({ has: page.getByRole('link', { name: clusterName, exact: true }) });
  await expect(row.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });

  // Its catalog page shows the cluster card with its Azure id and history.
  await row.getByRole('link', { name: clusterName, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/catalog/default/resource/${clusterName}`));
  await expect(page.getByText('Complete cluster', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(new RegExp(`/managedClusters/${clusterName}$`)).first()).toBeVisible();
});

test('a guest requests a production cluster, the platform engineer approves it, and it ends Ready with its applications and policies', async ({ page, browser }) => {
  test.setTimeout(300_000);
  const name = `prod-e2e-${Date.now().toString(36)}`;
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Clusters' }).click();

  await page.getByRole('button', { name: 'Create Production cluster' }).click();
  await expect(page.getByText('Request a production cluster')).toBeVisible();
  await page.getByLabel(/Cluster name/).fill(name);
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task waits in its approval step; nothing is built yet.
  await expect(page).toHaveURL(/\/create\/tasks\//);
  const taskUrl = page.url();
  await expect(page.getByText('Approval by group:default/platform-team').first()).toBeVisible();

  // Another person, in another browser session: the platform engineer approves it, with a reason.
  const approverSession = await browser.newContext();
  const approver = await approverSession.newPage();
  await approver.goto('/');
  await approver.getByRole('button', { name: 'Sign in as Platform engineer (approves production clusters)' }).click();
  await approver.getByRole('navigation', { name: 'sidebar nav' }).getByRole('link', { name: 'Clusters' }).click();
  const waiting = approver.getByRole('region', { name: 'Awaiting your approval' });
  await expect(waiting.getByTestId(`approval-${name}`)).toBeVisible({ timeout: 30_000 });
  await waiting.getByRole('button', { name: `Approve ${name}` }).click();
  const dialog = approver.getByRole('dialog', { name: `Approve the request for ${name}` });
  await dialog.getByLabel(/Reason/).fill('capacity planned for the launch');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(waiting).toBeHidden({ timeout: 30_000 });
  await approverSession.close();

  // The guest's task goes on by itself: policies before applications, each its own step.
  await page.goto(taskUrl);
  await expect(page.getByText('Policies: pod security, access and network isolation').first()).toBeVisible();
  await expect(page.getByText('Applications', { exact: true }).first()).toBeVisible();
  const openInCatalog = page.getByRole('button', { name: 'Open the cluster in the catalog' }).or(
    page.getByRole('link', { name: 'Open the cluster in the catalog' }),
  );
  await expect(openInCatalog.first()).toBeVisible({ timeout: 180_000 });

  await page.goto(`/catalog/default/resource/${name}`);
  await expect(page.getByText('Complete cluster', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/by .*platform-engineer.*: capacity planned for the launch/).first()).toBeVisible();
  const apps = page.getByRole('table', { name: 'Applications' });
  for (const [app, version] of [
    ['ai-models', '1.4.2'],
    ['redis', '21.2.5'],
    ['kafka', '0.47.0'],
    ['logging', 'aks-managed'],
    ['monitoring', '77.0.0'],
  ]) {
    const row = apps.getByRole('row').filter({ has: page.getByRole('cell', { name: app, exact: true }) });
    await expect(row.getByRole('cell', { name: version, exact: true })).toBeVisible();
    await expect(row.getByText('Installed', { exact: true })).toBeVisible();
  }
  const policies = page.getByRole('table', { name: 'Policies' });
  for (const policy of ['No privileged containers', 'Pod Security Standard restricted', 'Namespaces, pod security and default-deny network']) {
    const row = policies.getByRole('row').filter({ has: page.getByRole('cell', { name: policy, exact: true }) });
    await expect(row.getByText('Installed', { exact: true })).toBeVisible();
  }
  // Access is the template's, locked: the requester reads, the platform team administers.
  await expect(policies.getByText(/may view in the whole cluster \(role Azure Kubernetes Service RBAC Reader\)/)).toBeVisible();
  await expect(policies.getByText(/group:default\/platform-team may admin in the whole cluster \(role Azure Kubernetes Service RBAC Cluster Admin\)/)).toBeVisible();
});

import { test, expect } from '@playwright/test';

test('a guest finds the three complete-cluster templates and opens the form of one', async ({ page }) => {
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
  await page.getByLabel(/Cluster name/).fill('dev-ai-1');
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText('dev-ai-1')).toBeVisible();
});

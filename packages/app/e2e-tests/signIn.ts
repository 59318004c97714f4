import type { Page } from '@playwright/test';

/** The quick start's development sign-ins, by the button each shows on the sign-in page. */
const SIGN_IN_BUTTON = {
  guest: 'Enter',
  'platform engineer':
    'Sign in as Platform engineer (approves production clusters)',
} as const;

/** Opens the portal and signs in as one of the quick start's people. */
export async function signIn(page: Page, as: keyof typeof SIGN_IN_BUTTON) {
  await page.goto('/');
  await page.getByRole('button', { name: SIGN_IN_BUTTON[as] }).click();
}

/** Opens the Clusters page from the sidebar, as a person does. */
export async function openClusters(page: Page) {
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Clusters' })
    .click();
}

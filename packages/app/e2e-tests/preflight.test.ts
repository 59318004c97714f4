import {
  test,
  expect,
  request,
  APIRequestContext,
  Page,
  TestInfo,
} from '@playwright/test';
import { openClusters, signIn } from './signIn';
import { showAt, WIDTHS } from './whatAPersonSees';

/** The developer template's GPU pool: Standard_NC24ads_A100_v4 (24 vCPUs) in southeastasia, its default region. */
const REGION = 'southeastasia';
const A100 = 'standardNCADSA100v4Family';

/** The emulator's admin API, as the quick start serves it (its own self-signed certificate). */
async function emulatorAdmin(): Promise<APIRequestContext> {
  return request.newContext({
    baseURL: 'https://localhost:7443',
    ignoreHTTPSErrors: true,
  });
}

/** vCPUs of the A100 family the subscription already uses in the region (earlier tests' clusters count). */
async function a100InUse(admin: APIRequestContext): Promise<number> {
  const state = await (await admin.get('/_emulator/state')).json();
  return (state.quotaUsage as any[])
    .filter(u => u.location === REGION)
    .reduce((sum, u) => sum + (u.vCpus?.[A100] ?? 0), 0);
}

/**
 * The whole form at each of {@link WIDTHS}, kept as a test artifact: the
 * Scaffolder scrolls inside its page, so the window is made tall enough.
 */
async function keepFormAtEveryWidth(
  page: Page,
  testInfo: TestInfo,
  name: string,
) {
  for (const width of WIDTHS) {
    await showAt(page, width);
    await page.setViewportSize({ width, height: 1900 });
    const path = testInfo.outputPath(`${name}-${width}.png`);
    await page.screenshot({ path });
    await testInfo.attach(`${name}-${width}`, {
      path,
      contentType: 'image/png',
    });
  }
  await showAt(page, WIDTHS[0]);
}

/** No check fails: a check Azure could not answer (throttled reads after the other tests) does not stop the form either. */
const NOTHING_FAILS =
  /Pre-flight: (all \d+ checks pass|\d+ of \d+ checks could not be made)/;

test('the developer form shows the pre-flight checks live, will not submit while the A100 quota is too small, and submits once the maximum fits', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const name = `dev-pre-${Date.now().toString(36)}`;
  const admin = await emulatorAdmin();
  const before = (await (await admin.get('/_emulator/config')).json()).quotas;
  const previousLimit = before?.[REGION]?.[A100] ?? null;
  try {
    await signIn(page, 'guest');
    await openClusters(page);
    await page
      .getByRole('button', { name: 'Create Developer cluster' })
      .click();
    await expect(page.getByText('Request a developer cluster')).toBeVisible();
    const checks = page.getByRole('region', { name: 'Pre-flight checks' });
    // Nothing to check until the name is valid; then Azure (the emulator) is asked.
    await expect(
      page.getByText('The checks run in Azure once the cluster name is valid.'),
    ).toBeVisible();
    await page.getByRole('textbox', { name: /Cluster name/ }).fill(name);
    await expect(checks.getByText(NOTHING_FAILS)).toBeVisible();

    // Azure's A100 quota now covers one node, not the pool's maximum of two.
    const inUse = await a100InUse(admin);
    const set = await admin.post('/_emulator/config', {
      data: { quotas: { [REGION]: { [A100]: inUse + 24 } } },
    });
    expect(set.status()).toBe(200);
    // The checks run again as the requester changes a parameter.
    await page.getByLabel(/Kubernetes version/).click();
    await page.getByRole('option', { name: '1.32' }).click();
    const failed = checks.getByRole('listitem', {
      name: `${A100} vCPU quota in ${REGION}: fails`,
    });
    await expect(failed).toBeVisible();
    await expect(
      checks.getByText(/Pre-flight: 1 of \d+ checks fails/),
    ).toBeVisible();
    await expect(
      failed.getByText(
        `${A100}: 48 vCPUs needed at 2 nodes of Standard_NC24ads_A100_v4 (pool gpu at its maximum), 24 free of ${
          inUse + 24
        } (${inUse} in use).`,
      ),
    ).toBeVisible();
    // The fix: the template's other regions, where the pool fits, or a smaller maximum.
    await expect(
      failed.getByText(
        /Fix: Choose "Region" \(region\): centralindia or japaneast, where every pool fits\. Set "Most GPU nodes" \(gpuMaxNodes\) to at most 1/,
      ),
    ).toBeVisible();
    await keepFormAtEveryWidth(page, testInfo, 'preflight-form-failing');

    // The form will not go on to review, and says why in the Scaffolder's list of errors (once Azure was asked again).
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(
      page.getByRole('listitem').filter({
        hasText:
          /^'Pre-flight checks' .*48 vCPUs needed at 2 nodes.*Fix: Choose "Region".*Set "Most GPU nodes"/,
      }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Create' })).toHaveCount(0);
    await expect(
      page.getByRole('textbox', { name: /Cluster name/ }),
    ).toHaveValue(name);

    // A maximum that fits passes, and the request goes through.
    await page.getByLabel(/Most GPU nodes/).fill('1');
    await expect(page.getByLabel(/Most GPU nodes/)).toHaveValue('1');
    await expect(checks.getByText(NOTHING_FAILS)).toBeVisible();
    await keepFormAtEveryWidth(page, testInfo, 'preflight-form-passing');
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page).toHaveURL(/\/create\/tasks\//);
    await expect(
      page.getByText('Record the cluster request').first(),
    ).toBeVisible();
  } finally {
    await admin.post('/_emulator/config', {
      data: { quotas: { [REGION]: { [A100]: previousLimit } } },
    });
    await admin.dispose();
  }
});

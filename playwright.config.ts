import path from 'path';
import { defineConfig } from '@playwright/test';

/** The emulator's certificate, made on its first start and trusted by the backend. */
const certDir =
  process.env.ARM_EMULATOR_CERT_DIR ??
  path.resolve(__dirname, '.tools/arm-emulator');

/** The quick start's configuration: the embedded defaults plus its guest and development sign-ins. */
const quickStartConfig = ['app-config.yaml', 'app-config.quickstart.yaml']
  .map(file => `--config ${path.resolve(__dirname, file)}`)
  .join(' ');

/**
 * Browser tests run in the machine's Chromium (CHROMIUM_PATH, set by
 * `./portal test`); Playwright never downloads a browser. The portal is
 * started on the embedded defaults unless one already answers.
 */
export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  // Started in this order: the backend needs the emulator's certificate.
  webServer: [
    {
      command: 'yarn workspace @complete-clusters/azure-arm-emulator start',
      url: 'https://localhost:7443/_emulator/config',
      ignoreHTTPSErrors: true,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      env: {
        ARM_EMULATOR_CERT_DIR: certDir,
        ARM_EMULATOR_OPERATION_DURATION_MS: '3000',
      },
    },
    {
      command: `yarn workspace backend start ${quickStartConfig}`,
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      env: { NODE_EXTRA_CA_CERTS: path.join(certDir, 'cert.pem') },
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'ignore',
    },
    {
      command: `yarn workspace app start ${quickStartConfig}`,
      url: 'http://localhost:3000',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: 'ignore',
    },
  ],
  use: {
    baseURL: 'http://localhost:3000',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    screenshot: 'only-on-failure',
  },
  outputDir: 'node_modules/.cache/e2e-test-results',
});

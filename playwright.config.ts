import { defineConfig } from '@playwright/test'
import { proconnectTestConfig } from './tests/e2e/proconnect-test-config.mjs'

const port = Number(process.env.E2E_PORT ?? 3100)
export const baseURL = `http://localhost:${port}`
const proconnect = proconnectTestConfig(port)

// Browser journeys run against the production build (scripts/e2e-server.mjs starts it on a fresh
// database) in Debian's Chromium: `npx playwright install` cannot download here (STACK.md).
export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: process.env.E2E_WORKERS ? Number(process.env.E2E_WORKERS) : 2,
  retries: 0,
  // On CI, test-results/e2e.json keeps each journey's and each step's duration (decision 088).
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }], ['json', { outputFile: 'test-results/e2e.json' }]] : [['list']],
  use: {
    baseURL,
    // An element that never comes fails the step quickly, with its name, instead of the whole test.
    actionTimeout: 20_000,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: [
    {
      command: 'node scripts/e2e-server.mjs',
      url: `${baseURL}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { E2E_PORT: String(port) },
    },
    {
      // The local OpenID Connect provider that plays ProConnect (loopback only).
      command: 'node tests/e2e/proconnect-provider.mjs',
      url: `${proconnect.issuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { E2E_PORT: String(port) },
    },
  ],
})

// End-to-end tests drive Debian's Chromium (never a downloaded browser)
// against the release build in dist/, served under a sub-path.
import { defineConfig } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './tools/chromium.mjs';

const port = 4173;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}/vigie/`,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `node tests/serve.mjs`,
    env: { PORT: String(port) },
    url: `http://127.0.0.1:${port}/vigie/`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});

// Every end-to-end test fails on any page error or console error: a blank
// page from a broken wasm (see TOOLCHAIN.md) must never pass.
import { test as base, expect } from '@playwright/test';

/**
 * Resolves once the live app has replaced the prerendered page (see
 * src/ui/boot.rs): before that, controls are only pictures of themselves.
 */
export async function appReady(page) {
  await page.waitForFunction(() => document.body && !document.body.classList.contains('demarrage') && document.querySelector('main'));
}

/**
 * Makes `goto` and `reload` wait for the app, as a reader would, and records
 * page and console errors. `gotoBeforeApp` keeps the plain `goto`.
 */
function watch(page, problems) {
  page.gotoBeforeApp = page.goto.bind(page);
  for (const name of ['goto', 'reload']) {
    const navigate = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await navigate(...args);
      await appReady(page);
      return response;
    };
  }
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
}

export const test = base.extend({
  // Every page of the test's context, the default one and those a test
  // opens as other tabs alike.
  context: async ({ context }, use) => {
    const problems = [];
    context.on('page', (page) => watch(page, problems));
    await use(context);
    expect(problems, 'erreurs dans la page').toEqual([]);
  },
});

export { expect };

/** Opens Vigie at a hash route and waits for the app to render. */
export async function open(page, hash = '#/') {
  await page.goto(hash);
  await expect(page.locator('main#contenu')).toBeVisible();
}

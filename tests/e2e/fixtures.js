// Every end-to-end test fails on any page error or console error: a blank
// page from a broken wasm (see TOOLCHAIN.md) must never pass.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  page: async ({ page }, use) => {
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    await use(page);
    expect(problems, 'erreurs dans la page').toEqual([]);
  },
});

export { expect };

/** Opens Vigie at a hash route and waits for the app to render. */
export async function open(page, hash = '#/') {
  await page.goto(hash);
  await expect(page.locator('main#contenu')).toBeVisible();
}

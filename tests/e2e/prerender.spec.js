// The prerendered page (tools/prerender.mjs) and the hand-over to the live
// app (src/ui/boot.rs): the plan shows before the WebAssembly arrives, and
// the app takes over without losing what the reader did meanwhile.
import { test, expect, appReady, asSource, shownAsSource } from './fixtures.js';
import { readFileSync } from 'node:fs';
import { BOOTING, MAIN_KEY } from '../../tools/vigie.mjs';

const plan = JSON.parse(readFileSync('dist/plan.json', 'utf8'));

// Requests a service worker answers never reach `page.route`, so the held
// WebAssembly would slip through once Vigie's worker controls the page.
test.use({ serviceWorkers: 'block' });

/**
 * Opens `hash` with the app's WebAssembly held back, so that only the
 * prerendered page is there; returns the function that lets it through.
 */
async function openHeld(page, hash) {
  let release;
  const released = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await released; await route.continue(); });
  await page.gotoBeforeApp(hash);
  return release;
}

/** Sums every layout shift of the next document in `window.__shift`. */
async function watchLayoutShifts(page) {
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shift += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  });
}

test('sans JavaScript, les 55 mesures se lisent en entier, mot pour mot', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('#/');
  await expect(page.locator('article.measure')).toHaveCount(55);
  // 20 carries a [sic]; 17 guillemets; 1 apostrophes.
  for (const n of [1, 17, 20, 55]) {
    const shown = await shownAsSource(page.locator(`#mesure-${n} .measure-text`));
    expect(shown).toBe(asSource(plan.measures[n - 1].text));
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(plan.title);
  await context.close();
});

for (const [width, height] of [[390, 844], [1920, 1080]]) {
  test(`${width} px : le plan s’affiche avant l’application, qui prend le relais sans rien déplacer`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await watchLayoutShifts(page);
    const release = await openHeld(page, '#/');
    await expect(page.locator('[data-prerendu] article.measure')).toHaveCount(55);
    await expect(page.locator('[data-prerendu] #mesure-1')).toBeVisible();
    const before = await page.locator('#mesure-1').boundingBox();
    release();
    await appReady(page);
    await expect(page.locator('[data-prerendu]')).toHaveCount(0);
    await expect(page.locator('article.measure')).toHaveCount(55);
    expect(await page.locator('#mesure-1').boundingBox()).toEqual(before);
    expect(await page.evaluate(() => window.__shift)).toBe(0);
  });
}

test('ce qui est tapé avant le chargement est gardé, focus compris', async ({ page }) => {
  const release = await openHeld(page, '#/');
  const search = page.getByRole('searchbox', { name: 'Rechercher' });
  await search.fill('ofast');
  release();
  await appReady(page);
  await expect(page).toHaveURL(/#\/\?q=ofast$/);
  await expect(search).toHaveValue('ofast');
  await expect(search).toBeFocused();
  await expect(page.locator('.count')).toHaveText(/mesures? sur 55$/);
  await expect(page.locator('#mesure-3 mark').first()).toHaveText(/^ofast$/i);
});

test('une adresse profonde ne montre pas la liste le temps du chargement', async ({ page }) => {
  const release = await openHeld(page, '#/mesure/17');
  await expect(page.locator('[data-prerendu] article.measure')).toHaveCount(55);
  await expect(page.locator('[data-prerendu]').first()).toBeHidden();
  await expect(page.locator('#mesure-1')).toBeHidden();
  release();
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mesure 17');
});

test('un lien suivi avant le chargement mène où il dit', async ({ page }) => {
  const release = await openHeld(page, '#/');
  await page.locator('#mesure-12 .measure-title a').click();
  await expect(page).toHaveURL(/#\/mesure\/12$/);
  release();
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mesure 12');
});

test('un lecteur qui a des annotations attend l’application plutôt que de voir la liste sauter', async ({ page }) => {
  // A first visit writes nothing: the next one still gets the prerendered list.
  await page.goto('#/');
  expect(await page.evaluate((key) => localStorage.getItem(key), MAIN_KEY)).toBeNull();
  await page.goto('#/mesure/1');
  await page.getByLabel('Statut', { exact: true }).selectOption({ label: '✓ Réalisée' });
  await expect(page.locator('.save-state')).toContainText('Enregistré à');

  await watchLayoutShifts(page);
  await page.gotoBeforeApp('about:blank');
  const release = await openHeld(page, '#/');
  await expect(page.locator('[data-prerendu] article.measure')).toHaveCount(55);
  await expect(page.locator('[data-prerendu]').first()).toBeHidden();
  release();
  await appReady(page);
  await expect(page.locator('#mesure-1 .measure-tracking')).toContainText('Réalisée');
  expect(await page.evaluate(() => window.__shift)).toBe(0);
});

test('une adresse de liste qui ne trouve rien s’affiche dès le premier chargement', async ({ page }) => {
  await page.goto('#/?q=zorglub');
  await expect(page.getByText('Aucune mesure ne correspond à « zorglub »')).toBeVisible();
});

test('le lien d’évitement suivi avant le chargement mène au plan, pas à une page introuvable', async ({ page }) => {
  const release = await openHeld(page, '#/');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#contenu$/);
  release();
  await appReady(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(plan.title);
});

test('le tri, la présentation dépliée et le focus sur une carte survivent à la relève', async ({ page }) => {
  const release = await openHeld(page, '#/');
  await page.getByText('Lire la présentation du plan').click();
  await page.getByLabel('Trier par').selectOption({ label: 'Statut (à surveiller d’abord)' });
  await page.locator('#mesure-4 .measure-title a').focus();
  release();
  await appReady(page);
  await expect(page.locator('details.introduction')).toHaveAttribute('open', '');
  await expect(page).toHaveURL(/tri=/);
  await expect(page.locator('#mesure-4 .measure-title a')).toBeFocused();
});

test('un lecteur descendu dans le plan le retrouve au même endroit après la relève', async ({ page }) => {
  const release = await openHeld(page, '#/');
  const place = () => page.evaluate(() => {
    const card = document.getElementById('mesure-30');
    return { top: Math.round(card.getBoundingClientRect().top), height: document.documentElement.scrollHeight };
  });
  await page.evaluate(() => document.getElementById('mesure-30').scrollIntoView());
  const before = await place();
  release();
  await appReady(page);
  expect((await place()).top).toBe(before.top);
  // The cards below the window, laid out a few frames after the hand-over
  // (src/ui/boot.rs), soon have their true height: the page is as long as before.
  await expect(page.locator('.plus-tard')).toHaveCount(0);
  expect(await place()).toEqual(before);
});

test('une colle ou un WebAssembly altérés ne s’exécutent pas', async ({ browser }) => {
  for (const pattern of ['**/vigie-*.js', '**/vigie-*_bg.wasm']) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.route(pattern, async (route) => {
      const response = await route.fetch();
      const body = Buffer.concat([await response.body(), Buffer.from('\n')]);
      await route.fulfill({ response, body });
    });
    await page.goto('#/');
    await expect.poll(() => errors.join(' ')).toMatch(/integrity|intégrité/i);
    await page.waitForTimeout(300);
    expect(await page.evaluate((booting) => document.body.classList.contains(booting), BOOTING)).toBe(true);
    await context.close();
  }
});

test('avant l’application, le plan se télécharge et les boutons disent qu’ils attendent', async ({ page }) => {
  const release = await openHeld(page, '#/');
  const csv = page.getByRole('button', { name: 'Exporter en CSV' });
  await expect(csv).toBeDisabled();
  await expect(csv).toHaveAttribute('title', /dès que Vigie a fini de se charger/);
  // A plain link: it needs no app.
  const json = page.getByRole('link', { name: 'Télécharger le plan (JSON)' });
  await expect(json).toHaveAttribute('href', 'plan.json');
  const response = await page.request.get(new URL('plan.json', page.url()).href);
  expect((await response.json()).measures).toHaveLength(55);
  release();
  await appReady(page);
  await expect(csv).toBeEnabled();
});

test('une recherche tapée pendant le chargement ne fait construire que ses cartes', async ({ page }) => {
  const release = await openHeld(page, '#/');
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('maroc');
  // The app starts with the typed words: its hidden list never holds the 55.
  const most = page.evaluate(() => new Promise((done) => {
    let most = 0;
    const seen = () => {
      const app = document.querySelectorAll('body > :not([data-prerendu]) article.measure').length;
      most = Math.max(most, app);
    };
    const observer = new MutationObserver(seen);
    observer.observe(document.body, { childList: true, subtree: true });
    const check = setInterval(() => {
      if (!document.body.classList.contains('demarrage')) {
        seen();
        observer.disconnect();
        clearInterval(check);
        done(most);
      }
    }, 5);
  }));
  release();
  expect(await most).toBe(2);
  await expect(page).toHaveURL(/#\/\?q=maroc$/);
});

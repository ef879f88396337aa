import { test, expect, open } from './fixtures.js';

test('la page d’accueil montre le plan, ses 6 objectifs et ses 55 mesures', async ({ page }) => {
  await open(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan national de lutte contre les stupéfiants');
  await expect(page.locator('article.measure')).toHaveCount(55);
  await expect(page.locator('h2.objective-title')).toHaveCount(6);
  await expect(page.locator('#mesure-17')).toContainText('Mesure 17');
  await expect(page.locator('#mesure-17')).toContainText('Une liste nationale des « cibles d’intérêt prioritaire »');
  await expect(page).toHaveTitle(/Vigie/);
});

test('#/mesure/17 ouvre la mesure 17 avec son objectif et ses voisines', async ({ page }) => {
  await open(page, '#/mesure/17');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mesure 17');
  await expect(page.locator('.eyebrow')).toContainText('Objectif 2');
  await expect(page.locator('blockquote')).toContainText('Une liste nationale');
  await page.getByRole('link', { name: /Mesure suivante/ }).click();
  await expect(page).toHaveURL(/#\/mesure\/18$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mesure 18');
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mesure 17');
});

test('les sigles d’une mesure sont développés', async ({ page }) => {
  await open(page, '#/mesure/1');
  await expect(page.locator('blockquote abbr', { hasText: 'Ofast' }).first()).toHaveAttribute('title', 'Office anti-stupéfiants');
  await expect(page.getByRole('heading', { name: 'Sigles employés' })).toBeVisible();
});

test('une mesure inexistante ou une adresse inconnue le disent', async ({ page }) => {
  await open(page, '#/mesure/99');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mesure introuvable');
  await open(page, '#/nulle-part');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page introuvable');
});

test('le plan est téléchargeable en JSON depuis dist/', async ({ page, request }) => {
  const res = await request.get('plan.json');
  expect(res.ok()).toBeTruthy();
  const plan = await res.json();
  expect(plan.measures).toHaveLength(55);
});

test('à 1366 × 768, la navigation tient sur une ligne et la première mesure se voit sans défiler', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await open(page);
  const links = page.locator('.app-header nav a');
  const heights = await links.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  expect(Math.max(...heights)).toBeLessThan(1.9 * Math.min(...heights));
  const tops = await links.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  // Nothing of the header runs off the right edge (undo and redo included).
  const right = await page.locator('.app-header button').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
  expect(right).toBeLessThanOrEqual(1366);
  const card = await page.locator('article.measure').first().boundingBox();
  expect(card.y + 120).toBeLessThanOrEqual(768);
});

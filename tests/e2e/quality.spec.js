import { test, expect, open } from './fixtures.js';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';

/** Runs axe on the page as it stands and expects no violation. */
async function noViolations(page, what) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}) : ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe sur ${what}`).toEqual([]);
}

test('axe ne trouve rien sur la liste filtrée', async ({ page }) => {
  await open(page, '#/?q=coop%C3%A9ration&objectif=5&theme=cooperation-internationale');
  await expect(page.locator('article.measure').first()).toBeVisible();
  await noViolations(page, 'la liste');
});

test('axe ne trouve rien sur une réponse partielle ni sur des fiches trouvées par le thésaurus', async ({ page }) => {
  await open(page, '#/?q=avoirs%20Maroc%20Zanzibar');
  await expect(page.locator('.partial-answer')).toBeVisible();
  await noViolations(page, 'la réponse partielle');
  await open(page, '#/?q=narcotrafic');
  await expect(page.locator('.found-by').first()).toBeVisible();
  await noViolations(page, 'les fiches trouvées par le thésaurus');
});

test('axe ne trouve rien sur une mesure annotée, le glossaire, le tableau de bord, les paramètres', async ({ page }) => {
  await open(page, '#/mesure/17');
  await page.getByLabel('Statut', { exact: true }).selectOption({ label: '! En difficulté' });
  await page.getByLabel('Échéance').fill('2020-01-01');
  await page.getByLabel('Échéance').press('Tab');
  await noViolations(page, 'une mesure');
  await open(page, '#/glossaire');
  await noViolations(page, 'le glossaire');
  await open(page, '#/tableau-de-bord');
  await noViolations(page, 'le tableau de bord');
  await open(page, '#/parametres');
  await noViolations(page, 'les paramètres');
  await open(page, '#/dossier');
  await noViolations(page, 'le dossier');
});

test('axe ne trouve rien sur « Qui travaille ? », l’annuaire rempli ni le relevé', async ({ page }) => {
  await open(page, '#/mesure/17');
  await page.getByLabel('Statut', { exact: true }).selectOption({ label: '◐ En cours' });
  await page.getByLabel('Pilote', { exact: true }).fill('Gendarmerie – DGGN (Capitaine Roux)');
  await page.getByLabel('Pilote', { exact: true }).press('Tab');
  await page.getByRole('button', { name: 'Indiquer mon nom' }).click();
  await noViolations(page, 'la demande « Qui travaille ? »');
  await open(page, '#/parametres');
  await page.getByLabel('Nouveau service').fill('Gendarmerie (DGGN)');
  await page.getByRole('button', { name: 'Ajouter le service' }).click();
  await expect(page.getByRole('group', { name: 'Gendarmerie (DGGN)' })).toBeVisible();
  await noViolations(page, 'l’annuaire');
  await open(page, '#/releve');
  await expect(page.locator('.report-group')).toHaveCount(1);
  await noViolations(page, 'le relevé');
});

test('axe ne trouve rien sur l’aperçu d’import ni sur une diapositive', async ({ page }) => {
  await open(page, '#/echanges');
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles('tests/fixtures/import/valide.json');
  await expect(page.getByRole('button', { name: 'Fusionner' })).toBeVisible();
  await noViolations(page, 'l’aperçu d’import');
  await open(page, '#/presentation/2');
  await noViolations(page, 'une diapositive');
});

test('axe ne trouve rien sur la demande de signature, la vue présentateur, un dossier de sélection ni l’aperçu d’un tableur', async ({ page }) => {
  await open(page, '#/echanges');
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await noViolations(page, 'la demande de signature');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles({
    name: 'suivi.csv', mimeType: 'text/csv', buffer: Buffer.from('Numéro;Statut;Remarques\r\n3;En cours;x\r\n'),
  });
  await expect(page.getByRole('button', { name: 'Fusionner' })).toBeVisible();
  await noViolations(page, 'l’aperçu d’un tableur');
  await open(page, '#/presentation/2?selection=1&objectif=2&vue=presentateur');
  await expect(page.getByRole('group', { name: 'Horloge et minuteur' })).toBeVisible();
  await noViolations(page, 'la vue présentateur');
  await open(page, '#/dossier?selection=1&objectif=3');
  await expect(page.locator('.handout-measure')).toHaveCount(5);
  await noViolations(page, 'un dossier de sélection');
});

test('tout le parcours se fait au clavier', async ({ page }) => {
  await open(page, '#/');
  // The skip link is the first stop and lands in the content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Aller au contenu' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#contenu')).toBeFocused();
  // Search with "/".
  await page.keyboard.press('/');
  await page.keyboard.type('blanchiment');
  await expect(page.locator('.count')).toHaveText(/mesures sur 55/);
  // Filter: tab to the first objective checkbox that is enabled, tick it with Space.
  const box = page.getByRole('checkbox', { name: /^3\. Économie/ });
  for (let i = 0; i < 40 && !(await box.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(box).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/objectif=3/);
  // Open a measure from the results.
  const link = page.locator('#mesure-24 .measure-title a');
  for (let i = 0; i < 80 && !(await link.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/mesure\/24$/);
  // Set its status.
  const status = page.getByLabel('Statut', { exact: true });
  for (let i = 0; i < 40 && !(await status.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(status).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(status).toHaveValue('en_cours');
  // Export from the exchange page.
  await page.goto('#/echanges');
  const exportButton = page.getByRole('button', { name: 'Exporter', exact: true });
  for (let i = 0; i < 40 && !(await exportButton.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  const downloading = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  // Nobody named yet: asked once, answered from the keyboard.
  await expect(page.getByRole('dialog', { name: 'Qui signe cet export\u202f?' })).toBeVisible();
  await expect(page.getByLabel('Nom')).toBeFocused();
  await page.keyboard.type('Claire Martin');
  await page.keyboard.press('Enter');
  expect((await downloading).suggestedFilename()).toMatch(/\.json$/);
  // Present, step, and leave.
  await page.goto('#/tableau-de-bord');
  const present = page.getByRole('link', { name: 'Présenter le point' });
  for (let i = 0; i < 40 && !(await present.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.locator('.deck-counter')).toHaveText(/^1 \//);
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.deck-counter')).toHaveText(/^2 \//);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/tableau-de-bord$/);
});

test('les animations respectent prefers-reduced-motion', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, '#/');
  const durations = await page.locator('a, button').evaluateAll((els) =>
    els.map((e) => getComputedStyle(e).transitionDuration).filter((d) => d !== '0s'));
  expect(durations).toEqual([]);
});

test('aucun écran ne déborde en largeur sur un téléphone de 360 px', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 780 });
  for (const route of ['#/?q=maroc&objectif=5', '#/mesure/20', '#/glossaire', '#/tableau-de-bord', '#/echanges', '#/parametres', '#/dossier']) {
    await open(page, route);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, route).toBeLessThanOrEqual(360);
  }
});

test('axe ne trouve rien sur l’aperçu d’un tour de table (un fichier apporte, une copie, un refusé)', async ({ page }) => {
  await open(page, '#/echanges');
  const file = (path) => ({ name: path.split('/').at(-1), mimeType: 'application/json', buffer: readFileSync(path) });
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles([
    file('tests/fixtures/import/valide.json'),
    file('tests/fixtures/dossier-equipe/ofast-septembre-copie.json'),
    { name: 'abime.json', mimeType: 'application/json', buffer: Buffer.from('{ pas du json') },
  ]);
  await expect(page.getByRole('button', { name: 'Fusionner tout' })).toBeVisible();
  await expect(page.locator('.file-line')).toHaveCount(3);
  await noViolations(page, 'l’aperçu d’un tour de table');
});

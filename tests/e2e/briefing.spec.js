// Preparing the weekly briefing: who leads what, what is late, and whether
// status and progress agree (issue 13).
import { readFileSync } from 'node:fs';
import { test, expect, open, waitSaved } from './fixtures.js';

async function setField(page, label, value) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(value);
  await field.press('Tab');
}

async function setStatus(page, label) {
  await page.getByLabel('Statut', { exact: true }).selectOption({ label });
}

test('les pilotes forment une facette, et « Mes mesures » montre celles de l’auteur', async ({ page }) => {
  await open(page, '#/parametres');
  await page.getByLabel('Nom').fill('Claire Martin');
  await page.getByLabel('Service', { exact: true }).fill('Ofast');
  for (const [n, pilote] of [[3, 'Ofast'], [5, 'OFAST'], [8, 'DGDDI / DNRED'], [9, 'Claire Martin']]) {
    await open(page, `#/mesure/${n}`);
    await setField(page, 'Pilote', pilote);
    await waitSaved(page);
  }
  await open(page, '#/');
  await page.locator('details.facet summary', { hasText: /^Pilote/ }).click();
  const group = page.getByRole('group', { name: 'Filtrer par pilote' });
  // One value whatever the case, named as most measures write it, with counts.
  await expect(group.getByRole('checkbox')).toHaveCount(4);
  await expect(group.locator('li')).toHaveText(['Claire Martin — 1 mesure', 'DGDDI / DNRED — 1 mesure', 'Ofast — 2 mesures', 'Sans pilote — 51 mesures']);
  await group.getByRole('checkbox', { name: /^Ofast/ }).check();
  await expect(page).toHaveURL(/pilote=ofast/);
  await expect(page.locator('article.measure')).toHaveCount(2);
  await expect(page.getByRole('button', { name: /Retirer le filtre.*Ofast/ })).toBeVisible();

  await page.getByRole('link', { name: 'Mes mesures' }).click();
  await expect(page.getByRole('link', { name: 'Mes mesures' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('article.measure')).toHaveCount(3);
  const shown = await page.locator('article.measure').evaluateAll((cards) => cards.map((c) => c.id));
  expect(shown).toEqual(['mesure-3', 'mesure-5', 'mesure-9']);
});

test('« Mes mesures » n’apparaît qu’une fois un nom donné dans les paramètres', async ({ page }) => {
  await open(page, '#/');
  await expect(page.locator('article.measure').first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Mes mesures' })).toHaveCount(0);
});

test('la page d’une mesure en retard le dit, et sur téléphone le suivi est à portée dès le premier écran', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '#/mesure/12');
  await setStatus(page, '◐ En cours');
  await setField(page, 'Échéance', '2020-06-30');
  await waitSaved(page);
  await expect(page.locator('p.overdue')).toHaveText('⚠ En retard\u00a0: l’échéance du 30/06/2020 est passée.');
  await page.evaluate(() => window.scrollTo(0, 0));
  const bar = page.locator('.tracking-bar');
  await expect(bar).toBeInViewport();
  await expect(bar).toContainText('En cours');
  await expect(bar).toContainText('en retard');
  await bar.getByRole('button', { name: 'Modifier le suivi' }).click();
  await expect(page.getByLabel('Statut', { exact: true })).toBeFocused();
  await expect(page.getByLabel('Statut', { exact: true })).toBeInViewport();
  // Once done, it is no longer late.
  await setStatus(page, '✓ Réalisée');
  await expect(page.locator('p.overdue')).toHaveCount(0);
  await expect(bar.locator('.overdue')).toHaveCount(0);
});

test('« Réalisée » à moins de 100 % est signalé, et un clic passe à 100 %', async ({ page }) => {
  await open(page, '#/mesure/17');
  const progress = page.getByRole('spinbutton', { name: 'Avancement (%)' });
  await progress.fill('60');
  await progress.press('Tab');
  await setStatus(page, '✓ Réalisée');
  const notice = page.locator('.notice');
  await expect(notice).toContainText('Réalisée, mais l’avancement est de 60 %.');
  await notice.getByRole('button', { name: 'Passer à 100 %' }).click();
  await expect(progress).toHaveValue('100');
  await expect(notice).toHaveCount(0);
  await waitSaved(page);
  await expect(page.locator('.timeline > li').first()).toContainText('Avancement : 60 % → 100 %');
});

test('le tableau de bord dit comment sa moyenne est calculée', async ({ page }) => {
  await open(page, '#/tableau-de-bord');
  await expect(page.getByText(/L’avancement moyen est la moyenne des pourcentages saisis pour les 55 mesures/)).toBeVisible();
  await expect(page.getByText(/compte pour 0\s%, quel que soit son statut/)).toBeVisible();
});

test('le premier export demande qui signe, une fois, et les paramètres le gardent', async ({ page }) => {
  await open(page, '#/echanges');
  const dialog = page.getByRole('dialog', { name: 'Qui signe cet export\u202f?' });
  // Closing the dialog cancels the export.
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();
  // Signing with nothing typed is refused, in words.
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  await dialog.getByRole('button', { name: 'Signer et exporter' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Indiquez votre nom ou votre service, ou exportez sans signature.');
  await dialog.getByLabel('Nom').fill('Karim Benali');
  await dialog.getByLabel('Service').fill('DGDDI');
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Signer et exporter' }).click();
  const exported = JSON.parse(readFileSync(await (await downloading).path(), 'utf8'));
  expect(exported.author).toMatchObject({ name: 'Karim Benali', service: 'DGDDI' });
  await expect(dialog).toBeHidden();
  // Asked once: the next export goes straight through, and the settings keep the name.
  const again = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  await again;
  await expect(dialog).toBeHidden();
  await open(page, '#/parametres');
  await expect(page.getByLabel('Nom')).toHaveValue('Karim Benali');
  await expect(page.getByLabel('Service', { exact: true })).toHaveValue('DGDDI');
});

test('Retour depuis une mesure rend la liste où on l’avait laissée, la carte ouverte au focus', async ({ page }) => {
  await open(page, '#/?objectif=3,4');
  const link = page.locator('#mesure-30 .measure-title a');
  await link.scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => Math.round(window.scrollY));
  expect(before).toBeGreaterThan(300);
  await link.click();
  await expect(page).toHaveURL(/#\/mesure\/30$/);
  await page.goBack();
  await expect(page).toHaveURL(/objectif=3%2C4|objectif=3,4/);
  await expect(link).toBeFocused();
  await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(before);
  // A link followed anew (not Back) opens the list at its top.
  await page.locator('#mesure-30 .measure-title a').click();
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Le plan' }).click();
  await expect(page.locator('article.measure').first()).toBeVisible();
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});

test('« Dossier imprimable » depuis la liste imprime ce que la liste montre ; ou seulement les points d’attention', async ({ page }) => {
  await open(page, '#/mesure/24');
  await setStatus(page, '! En difficulté');
  await open(page, '#/mesure/25');
  await setField(page, 'Échéance', '2021-01-31');
  await page.getByLabel('Commentaire du changement').fill('Relancer le ministère');
  await page.getByLabel('Commentaire du changement').press('Tab');
  await page.getByLabel('Adresse ou chemin').fill('\\\\serveur\\copil\\releve.pdf');
  await page.getByRole('button', { name: 'Ajouter le justificatif' }).click();
  await waitSaved(page);
  await open(page, '#/?objectif=3');
  await page.getByRole('link', { name: 'Dossier imprimable' }).click();
  await expect(page).toHaveURL(/#\/dossier\?selection=1&objectif=3$/);
  await expect(page.locator('.handout-measure')).toHaveCount(5);
  await expect(page.locator('.handout-summary')).toHaveText('Sélection de 5\u00a0mesures\u00a0: 0 réalisée, 1 en difficulté, 1 en retard.');
  const m25 = page.locator('.handout-measure', { hasText: 'Mesure 25' });
  await expect(m25).toContainText('31/01/2021 ⚠ en retard');
  await expect(m25).toContainText('«\u202fRelancer le ministère\u202f»');
  await expect(m25).toContainText('\\\\serveur\\copil\\releve.pdf');
  await page.getByRole('link', { name: 'Points d’attention' }).click();
  await expect(page).toHaveURL(/#\/dossier\?vue=attention$/);
  await expect(page.locator('.handout-measure')).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'Points d’attention' })).toHaveAttribute('aria-current', 'page');
});

test('sans presse-papiers (intranet en http), « Copier » dit de sélectionner le chemin', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await open(page, '#/mesure/8');
  await page.getByLabel('Adresse ou chemin').fill('file:///srv/copil/releve.pdf');
  await page.getByRole('button', { name: 'Ajouter le justificatif' }).click();
  await page.getByRole('button', { name: /^Copier le chemin/ }).click();
  await expect(page.locator('.reference')).toContainText('Copie refusée par le navigateur\u00a0: sélectionnez le chemin.');
});

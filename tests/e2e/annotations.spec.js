import { test, expect, open } from './fixtures.js';

const KEY = 'vigie.annotations';

async function setStatus(page, label) {
  await page.getByLabel('Statut', { exact: true }).selectOption({ label });
}

async function setProgress(page, value) {
  const input = page.getByRole('spinbutton', { name: 'Avancement (%)' });
  await input.fill(String(value));
  await input.press('Tab');
}

async function waitSaved(page) {
  await expect(page.locator('.save-state')).toContainText('Enregistré à');
}

test('statut et avancement survivent au rechargement, avec leur historique', async ({ page }) => {
  await open(page, '#/parametres');
  await page.getByLabel('Nom').fill('Claire Martin');
  await page.getByLabel('Nom').press('Tab');
  await page.getByLabel('Service').fill('Ofast');
  await page.getByLabel('Service').press('Tab');
  await open(page, '#/mesure/17');
  await page.getByLabel('Commentaire du changement').fill('Liste arrêtée en comité');
  await setStatus(page, '◐ En cours');
  await setProgress(page, 40);
  await waitSaved(page);
  await page.reload();
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('en_cours');
  await expect(page.getByRole('spinbutton', { name: 'Avancement (%)' })).toHaveValue('40');
  const history = page.locator('.timeline li');
  await expect(history).toHaveCount(2);
  await expect(history.nth(1)).toContainText('Statut : Non évaluée → En cours');
  await expect(history.nth(1)).toContainText('Claire Martin (Ofast)');
  await expect(history.nth(1)).toContainText('« Liste arrêtée en comité »');
  await expect(history.nth(0)).toContainText('Avancement : 0 % → 40 %');
  // The list shows it too, and the status facet counts it.
  await open(page, '#/?statut=en_cours');
  await expect(page.locator('article.measure')).toHaveCount(1);
  await expect(page.locator('#mesure-17 .status')).toContainText('En cours');
  await expect(page.locator('#mesure-17 .progress-value')).toHaveText('40 %');
});

test('pilote, échéance, notes et liens sont enregistrés ; seuls http(s) deviennent des liens', async ({ page }) => {
  await open(page, '#/mesure/3');
  await page.getByLabel('Pilote').fill('Ofast');
  await page.getByLabel('Pilote').press('Tab');
  await page.getByLabel('Échéance').fill('2020-06-30');
  await page.getByLabel('Échéance').press('Tab');
  await page.getByLabel('Notes').fill('Réunion le 3 mars.\nSuite en avril.');
  await page.getByLabel('Notes').press('Tab');
  await page.getByLabel('Libellé').fill('Compte rendu');
  await page.getByLabel('Adresse (http ou https)').fill('https://example.org/cr');
  await page.getByRole('button', { name: 'Ajouter le lien' }).click();
  await page.getByLabel('Libellé').fill('Piège');
  await page.getByLabel('Adresse (http ou https)').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Ajouter le lien' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'http://' })).toBeVisible();
  await waitSaved(page);
  await page.reload();
  await expect(page.getByLabel('Pilote')).toHaveValue('Ofast');
  await expect(page.getByLabel('Échéance')).toHaveValue('2020-06-30');
  await expect(page.getByLabel('Notes')).toHaveValue('Réunion le 3 mars.\nSuite en avril.');
  const link = page.getByRole('link', { name: 'Compte rendu' });
  await expect(link).toHaveAttribute('href', 'https://example.org/cr');
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(page.getByRole('link', { name: 'Piège' })).toHaveCount(0);
  // Overdue on the dashboard (the due date has passed and the measure is open).
  await open(page, '#/tableau-de-bord');
  await expect(page.getByRole('region', { name: 'En retard' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'En retard' }) }))).toContainText('Mesure 3');
  // Notes are searchable.
  await open(page, '#/?q=avril');
  await expect(page.locator('article.measure')).toHaveCount(1);
});

test('une note hostile reste du texte', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await open(page, '#/mesure/5');
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>';
  await page.getByLabel('Notes').fill(hostile);
  await page.getByLabel('Notes').press('Tab');
  await page.getByLabel('Pilote').fill(hostile);
  await page.getByLabel('Pilote').press('Tab');
  await waitSaved(page);
  await page.reload();
  await expect(page.getByLabel('Notes')).toHaveValue(hostile);
  await open(page, '#/');
  await expect(page.locator('#mesure-5 .measure-tracking')).toContainText('<script>alert(1)</script>');
  await expect(page.locator('#mesure-5 img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('Annuler et Ctrl+Z reviennent sur le dernier changement sans effacer l’historique', async ({ page }) => {
  await open(page, '#/mesure/9');
  await setStatus(page, '✓ Réalisée');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('realisee');
  await page.getByRole('button', { name: /Annuler/ }).click();
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('non_evaluee');
  await setStatus(page, '! En difficulté');
  await page.locator('h1').click();
  await page.keyboard.press('Control+z');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('non_evaluee');
  await expect(page.locator('.timeline li')).toHaveCount(4);
  await expect(page.locator('.timeline li').first()).toContainText('Annulation');
});

test('le tableau de bord compte les statuts et ouvre la liste filtrée', async ({ page }) => {
  await open(page, '#/mesure/1');
  await setStatus(page, '✓ Réalisée');
  await open(page, '#/mesure/2');
  await setStatus(page, '! En difficulté');
  await open(page, '#/tableau-de-bord');
  await expect(page.locator('.lede')).toContainText('1 mesure réalisée sur 55');
  await page.locator('a.stat-card.stat-en_difficulte').click();
  await expect(page).toHaveURL(/statut=en_difficulte/);
  await expect(page.locator('article.measure')).toHaveCount(1);
  await expect(page.locator('#mesure-2')).toBeVisible();
  await open(page, '#/tableau-de-bord');
  await page.getByRole('link', { name: 'Objectif 1 — Réalisée : 1 mesure' }).click();
  await expect(page).toHaveURL(/objectif=1/);
  await expect(page.locator('article.measure')).toHaveCount(1);
});

test('des données stockées corrompues sont mises de côté, signalées et téléchargeables', async ({ page }) => {
  await open(page);
  await page.evaluate((key) => localStorage.setItem(key, '{"format":"vigie-annotations", cassé'), KEY);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'Vigie démarre sans annotations' })).toBeVisible();
  const backups = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('vigie.annotations.sauvegarde.')).map((k) => localStorage.getItem(k)));
  expect(backups).toEqual(['{"format":"vigie-annotations", cassé']);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Télécharger la copie des données d’origine' }).click();
  expect((await download).suggestedFilename()).toMatch(/^vigie-sauvegarde-.*\.json$/);
  // New edits are saved without touching the backup.
  await open(page, '#/mesure/4');
  await setStatus(page, '◐ En cours');
  await waitSaved(page);
  const after = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('vigie.annotations.sauvegarde.')).map((k) => localStorage.getItem(k)));
  expect(after).toEqual(['{"format":"vigie-annotations", cassé']);
});

test('une annotation illisible est écartée, les autres sont reprises', async ({ page }) => {
  await open(page);
  const doc = {
    format: 'vigie-annotations', schema: 2, plan_id: 'plan-stupefiants-2019', plan_fingerprint: 'x', written_at: 1,
    annotations: {
      '7': { status: 'en_cours', progress: 30, updated_at: 5, text_fingerprint: '' },
      '8': { status: 'en_cours', progress: 500, updated_at: 5 },
    },
  };
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [KEY, JSON.stringify(doc)]);
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'annotations.8.progress : 500 n’est pas entre 0 et 100' })).toBeVisible();
  await open(page, '#/mesure/7');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('en_cours');
});

test('deux onglets qui annotent des mesures différentes gardent tous deux leurs modifications', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await open(a, '#/mesure/10');
  await open(b, '#/mesure/11');
  await setStatus(a, '◐ En cours');
  await setStatus(b, '✓ Réalisée');
  await waitSaved(a);
  await waitSaved(b);
  // Each tab sees the other's change without reloading.
  await open(a, '#/?statut=en_cours,realisee');
  await expect(a.locator('article.measure')).toHaveCount(2);
  const fresh = await context.newPage();
  await open(fresh, '#/?statut=en_cours,realisee');
  await expect(fresh.locator('article.measure')).toHaveCount(2);
});

test('sans stockage local, Vigie fonctionne en mémoire et le dit', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('refusé', 'SecurityError'); } });
  });
  await open(page, '#/mesure/12');
  await expect(page.getByRole('alert').filter({ hasText: 'stockage local de ce navigateur est indisponible' })).toBeVisible();
  await setStatus(page, '◐ En cours');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('en_cours');
  await expect(page.locator('.save-state')).toContainText('Non conservé');
});

test('un quota plein avertit sans rien perdre en mémoire', async ({ page }) => {
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === 'vigie.annotations') throw new DOMException('plein', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await open(page, '#/mesure/13');
  await setStatus(page, '◐ En cours');
  await expect(page.getByRole('alert').filter({ hasText: 'espace de stockage du navigateur est plein' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Exporter mes annotations' })).toBeVisible();
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('en_cours');
});

test('si la copie de sauvegarde est impossible, les données illisibles ne sont jamais écrasées', async ({ page }) => {
  await open(page);
  await page.evaluate((key) => localStorage.setItem(key, 'pas du json'), KEY);
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key.startsWith('vigie.annotations')) throw new DOMException('plein', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: 'Impossible de mettre de côté les données illisibles' })).toBeVisible();
  await open(page, '#/mesure/14');
  await setStatus(page, '◐ En cours');
  await page.waitForTimeout(500);
  expect(await page.evaluate((key) => localStorage.getItem(key), KEY)).toBe('pas du json');
  await expect(page.locator('.save-state')).toContainText('Non conservé');
});

test('du texte illisible écrit par un autre onglet est mis de côté avant d’être remplacé', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await open(a, '#/mesure/15');
  await open(b, '#/');
  await b.evaluate((key) => localStorage.setItem(key, 'cassé par un autre onglet'), KEY);
  await setStatus(a, '◐ En cours');
  await waitSaved(a);
  const backups = await a.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('vigie.annotations.sauvegarde.')).map((k) => localStorage.getItem(k)));
  expect(backups).toEqual(['cassé par un autre onglet']);
  expect(JSON.parse(await a.evaluate((key) => localStorage.getItem(key), KEY)).annotations['15'].status).toBe('en_cours');
});

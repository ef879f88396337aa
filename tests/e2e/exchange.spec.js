import { test, expect, open } from './fixtures.js';
import { readFileSync } from 'node:fs';

const fixture = (name) => `tests/fixtures/import/${name}`;
const stored = (page) => page.evaluate(() => localStorage.getItem('vigie.annotations'));

async function setStatus(page, n, label) {
  await open(page, `#/mesure/${n}`);
  await page.getByLabel('Statut', { exact: true }).selectOption({ label });
  await expect(page.locator('.save-state')).toContainText('Enregistré à');
}

async function importFile(page, file) {
  await open(page, '#/echanges');
  await page.getByLabel('Importer un fichier d’annotations (.json)').setInputFiles(file);
}

test('exporter puis importer dans un navigateur vide restitue exactement l’état', async ({ page, browser }) => {
  await setStatus(page, 17, '◐ En cours');
  await page.getByLabel('Notes').fill('Ligne 1\n« guillemets » ; point-virgule');
  await page.getByLabel('Notes').press('Tab');
  await expect(page.locator('.save-state')).toContainText('Enregistré à');
  await open(page, '#/echanges');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^vigie-annotations-\d{4}-\d{2}-\d{2}\.json$/);
  const path = await download.path();
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  expect(exported.format).toBe('vigie-annotations');
  expect(exported.annotations['17'].status).toBe('en_cours');
  const before = JSON.parse(await stored(page)).annotations;

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await importFile(other, path);
  await expect(other.getByRole('heading', { name: /Aperçu de l’import/ })).toBeVisible();
  await expect(other.locator('.preview-counts')).toContainText('1 mesure à ajouter');
  await other.getByRole('button', { name: 'Fusionner' }).click();
  await expect(other.locator('.save-state')).toContainText('Enregistré à');
  expect(JSON.parse(await stored(other)).annotations).toEqual(before);
  await open(other, '#/mesure/17');
  await expect(other.getByLabel('Notes')).toHaveValue('Ligne 1\n« guillemets » ; point-virgule');
  await fresh.close();
});

test('annuler l’aperçu ne change rien ; un import peut être annulé', async ({ page }) => {
  await setStatus(page, 2, '! En difficulté');
  const before = await stored(page);
  await importFile(page, fixture('valide.json'));
  await expect(page.getByText('Exporté par Claire Martin (Ofast)')).toBeVisible();
  await page.getByRole('button', { name: 'Annuler l’import' }).click();
  await expect(page.getByText('Import annulé : rien n’a changé.')).toBeVisible();
  expect(await stored(page)).toBe(before);

  await importFile(page, fixture('valide.json'));
  await page.getByRole('button', { name: 'Remplacer…' }).click();
  await page.getByRole('button', { name: 'Oui, remplacer' }).click();
  await open(page, '#/?statut=en_difficulte');
  await expect(page.locator('article.measure')).toHaveCount(1);
  await expect(page.locator('#mesure-42')).toBeVisible();
  await page.getByRole('button', { name: /Annuler/ }).first().click();
  await expect(page.locator('#mesure-2')).toBeVisible();
  await expect(page.locator('#mesure-42')).toHaveCount(0);
});

test('remplacer dans un onglet tient bon face à un autre onglet resté ouvert', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await setStatus(b, 5, '◐ En cours');
  await importFile(a, fixture('valide.json'));
  await a.getByRole('button', { name: 'Remplacer…' }).click();
  await a.getByRole('button', { name: 'Oui, remplacer' }).click();
  await expect(a.locator('.save-state')).toContainText('Enregistré à');
  // Tab B, which still held measure 5, goes on working and saves.
  await setStatus(b, 12, '! En difficulté');
  const annotated = async (page) => Object.keys(JSON.parse(await stored(page)).annotations).map(Number);
  expect(await annotated(b)).toEqual([1, 12, 17, 42]);
  await open(a, '#/?statut=en_cours,en_difficulte');
  await expect(a.locator('article.measure')).toHaveCount(3);
  await expect(a.locator('#mesure-5')).toHaveCount(0);
  await expect(a.locator('#mesure-12')).toBeVisible();
});

test('importer deux fois le même fichier ne change rien la seconde fois', async ({ page }) => {
  await importFile(page, fixture('valide.json'));
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await expect(page.locator('.save-state')).toContainText('Enregistré à');
  const once = JSON.parse(await stored(page)).annotations;
  await importFile(page, fixture('valide.json'));
  await expect(page.locator('.preview-counts')).toContainText('3 mesures laissées telles quelles');
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await page.waitForTimeout(400);
  expect(JSON.parse(await stored(page)).annotations).toEqual(once);
});

const badFiles = [
  ['pas-du-json.json', 'ce n’est pas du JSON valide'],
  ['pas-utf8.json', 'n’est pas du texte UTF-8'],
  ['autre-format.json', 'n’est pas un fichier d’annotations Vigie'],
  ['schema-futur.json', 'version plus récente de Vigie'],
  ['valeurs-invalides.json', 'annotations.17.progress : 140 n’est pas entre 0 et 100'],
];

for (const [file, message] of badFiles) {
  test(`un fichier refusé (${file}) est expliqué et ne change rien`, async ({ page }) => {
    await setStatus(page, 6, '◐ En cours');
    const before = await stored(page);
    await importFile(page, fixture(file));
    const error = page.locator('.message-slot .banner-error');
    await expect(error).toContainText(message);
    await expect(error).toContainText('Vos annotations n’ont pas changé');
    await expect(page.getByRole('button', { name: 'Fusionner' })).toHaveCount(0);
    expect(await stored(page)).toBe(before);
  });
}

test('un fichier de plus de 5 Mo est refusé sans être lu', async ({ page }) => {
  await open(page, '#/echanges');
  await page.getByLabel('Importer un fichier d’annotations (.json)').setInputFiles({
    name: 'trop-gros.json', mimeType: 'application/json', buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 32),
  });
  await expect(page.locator('.message-slot .banner-error')).toContainText('au-delà de la limite de 5 Mo');
});

test('un fichier d’une autre version du plan propose de n’importer que les mesures intactes', async ({ page }) => {
  await importFile(page, fixture('autre-plan.json'));
  await expect(page.getByText('autre version du texte du plan')).toBeVisible();
  await page.getByRole('button', { name: 'Importer seulement ces 1 mesure' }).click();
  await open(page, '#/?statut=en_cours,realisee');
  await expect(page.locator('article.measure')).toHaveCount(1);
  await expect(page.locator('#mesure-12')).toBeVisible();
});

test('un fichier déposé sur la page ouvre son aperçu', async ({ page }) => {
  await open(page, '#/');
  const text = readFileSync(fixture('valide.json'), 'utf8');
  const transfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'valide.json', { type: 'application/json' }));
    return dt;
  }, text);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page).toHaveURL(/#\/echanges$/);
  await expect(page.locator('.preview-counts')).toContainText('3 mesures à ajouter');
});

test('le CSV suit la liste filtrée, avec BOM et points-virgules', async ({ page }) => {
  await setStatus(page, 35, '◐ En cours');
  await open(page, '#/?q=maroc');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter en CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
  expect(lines[0]).toBe('Numéro;Objectif;Titre court;Statut;Avancement (%);Pilote;Échéance;Dernière mise à jour;Notes');
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(/^35;5;.*;En cours;0;/);
  expect(lines[2]).toMatch(/^48;5;/);
});

test('comparer avec un export antérieur montre ce qui a bougé, sans fusionner', async ({ page }) => {
  await importFile(page, fixture('valide.json'));
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await setStatus(page, 17, '✓ Réalisée');
  await setStatus(page, 42, '× Abandonnée');
  const before = await stored(page);
  await open(page, '#/echanges');
  await page.getByLabel('Choisir l’export de référence (.json)').setInputFiles(fixture('valide.json'));
  await expect(page.locator('.baseline-summary')).toContainText('1 mesure a progressé, 1 a reculé');
  await open(page, '#/');
  await expect(page.locator('.baseline-summary')).toContainText('Depuis le');
  await expect(page.locator('#mesure-17 .movement')).toContainText('▲ a progressé · En cours → Réalisée');
  await expect(page.locator('#mesure-42 .movement')).toContainText('▼ a reculé');
  await open(page, '#/tableau-de-bord');
  await expect(page.getByRole('heading', { name: 'Depuis le dernier point' })).toBeVisible();
  expect(await stored(page)).toBe(before);
});

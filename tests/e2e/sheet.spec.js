// A round trip through a spreadsheet: Vigie's CSV export, edited as Excel
// (`;`, Windows-1252, CRLF) or LibreOffice (`,`, UTF-8) save it, imported
// back through the same preview, merge and undo as a JSON file.
import { readFileSync } from 'node:fs';
import { test, expect, open, waitSaved, storedChanges } from './fixtures.js';

async function setStatus(page, n, label) {
  await open(page, `#/mesure/${n}`);
  await page.getByLabel('Statut', { exact: true }).selectOption({ label });
  await waitSaved(page);
}

async function exportCsv(page) {
  await open(page, '#/echanges');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Exporter en CSV/ }).click();
  const text = readFileSync(await (await downloading).path(), 'utf8');
  return text.replace(/^\uFEFF/, '');
}

/** RFC 4180 cells of a `;` file, as a spreadsheet opens it. */
function parse(text, sep) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === sep) { row.push(cell); cell = ''; } else if (c === '\r') { /* CRLF */ } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** The rows saved again, as a spreadsheet writes them. */
function serialise(rows, sep, eol) {
  const quote = (c) => (c.includes(sep) || c.includes('"') || c.includes('\n') ? `"${c.replaceAll('"', '""')}"` : c);
  return rows.map((r) => r.map(quote).join(sep)).join(eol) + eol;
}

/** Windows-1252, as Excel saves « CSV (séparateur : point-virgule) »; what it cannot hold becomes « ? ». */
function windows1252(text) {
  const high = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
  return Buffer.from([...text].map((c) => {
    const code = c.codePointAt(0);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    const i = high.indexOf(c);
    return i >= 0 ? 0x80 + i : 0x3f;
  }));
}

function edit(rows, n, column, value) {
  const at = rows[0].indexOf(column);
  rows.find((r) => r[0] === String(n))[at] = value;
}

test('un CSV modifié dans Excel (point-virgule, Windows-1252) revient par l’aperçu, la fusion et l’annulation', async ({ page }) => {
  await open(page, '#/parametres');
  await page.getByLabel('Nom').fill('Claire Martin');
  await setStatus(page, 3, '◐ En cours');
  const rows = parse(await exportCsv(page), ';');
  edit(rows, 7, 'Statut', 'Réalisée');
  edit(rows, 7, 'Avancement (%)', '100');
  edit(rows, 7, 'Pilote', 'Sécurité publique');
  edit(rows, 7, 'Échéance', '30/06/2027');
  edit(rows, 12, 'Notes', 'Réunion « bilan » prévue ; à confirmer');
  rows[0].push('Remarques du service');
  await open(page, '#/echanges');
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles({
    name: 'suivi-excel.csv', mimeType: 'text/csv', buffer: windows1252(serialise(rows, ';', '\r\n')),
  });
  await expect(page.getByRole('heading', { name: /Aperçu de l’import/ })).toBeVisible();
  await expect(page.getByText(/Tableur\s:\s55\slignes\slues\s\(séparateur point-virgule, encodage Windows-1252\)/)).toBeVisible();
  await expect(page.getByText('Colonne ignorée\u00a0: «\u202fRemarques du service\u202f».')).toBeVisible();
  await expect(page.locator('.preview-counts')).toContainText('2\u00a0mesures à ajouter');
  await expect(page.getByRole('button', { name: 'Remplacer…' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await waitSaved(page);

  await open(page, '#/mesure/7');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('realisee');
  await expect(page.getByRole('spinbutton', { name: 'Avancement (%)' })).toHaveValue('100');
  await expect(page.getByLabel('Pilote')).toHaveValue('Sécurité publique');
  await expect(page.getByLabel('Échéance', { exact: true })).toHaveValue('2027-06-30');
  await expect(page.locator('.timeline > li').first()).toContainText('Claire Martin, importé depuis tableur');
  await open(page, '#/mesure/12');
  await expect(page.getByLabel('Notes')).toHaveValue('Réunion « bilan » prévue ; à confirmer');
  // Measure 3 was not edited in the sheet: untouched.
  await open(page, '#/mesure/3');
  await expect(page.locator('.timeline > li')).toHaveCount(1);

  // The whole import undoes in one step.
  await page.getByRole('button', { name: /Annuler/ }).first().click();
  await expect(page.locator('.undo-said')).toHaveText('Annulé : l’import de «\u00a0suivi-excel.csv\u00a0».');
  await open(page, '#/mesure/7');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('non_evaluee');
  await open(page, '#/mesure/3');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('en_cours');
});

test('un CSV enregistré par LibreOffice (virgule, UTF-8) s’importe aussi', async ({ page }) => {
  const rows = parse(await exportCsv(page), ';');
  edit(rows, 20, 'Statut', 'en_difficulte');
  edit(rows, 20, 'Avancement (%)', '35');
  await open(page, '#/echanges');
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles({
    name: 'suivi-libreoffice.csv', mimeType: 'text/csv', buffer: Buffer.from(serialise(rows, ',', '\n'), 'utf8'),
  });
  await expect(page.getByText(/séparateur virgule, encodage UTF-8/)).toBeVisible();
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await waitSaved(page);
  await open(page, '#/?statut=en_difficulte');
  await expect(page.locator('article.measure')).toHaveCount(1);
  await expect(page.locator('#mesure-20 .progress-value')).toHaveText('35 %');
});

for (const [file, message] of [
  ['sans-numero.csv', 'pas de colonne «\u202fNuméro\u202f»'],
  ['pas-un-tableau.csv', 'ce n’est pas un export CSV de Vigie'],
  ['vide.csv', 'le fichier est vide'],
  ['mesure-inconnue.csv', 'ligne 3\u00a0: la mesure «\u202f56\u202f» n’existe pas'],
  ['valeurs-invalides.csv', 'ligne 2\u00a0: avancement «\u202f140\u202f» hors de 0 à 100'],
  ['guillemet-ouvert.csv', 'ligne 2\u00a0: un guillemet ouvert n’est jamais refermé'],
  ['mesure-en-double.csv', 'ligne 3\u00a0: la mesure 3 figure déjà ligne 2'],
]) {
  test(`un tableur refusé (${file}) le dit en français et ne change rien`, async ({ page }) => {
    await setStatus(page, 5, '◐ En cours');
    const before = await storedChanges(page);
    await open(page, '#/echanges');
    await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles(`tests/fixtures/sheet/${file}`);
    const error = page.locator('.message-slot .banner-error');
    await expect(error).toContainText(`«\u202f${file}\u202f» n’a pas été importé`);
    await expect(error).toContainText(message);
    await expect(error).toContainText('Vos annotations n’ont pas changé.');
    await expect(page.getByRole('heading', { name: /Aperçu de l’import/ })).toHaveCount(0);
    expect(await storedChanges(page)).toEqual(before);
  });
}

test('un tableur exporté avant deux fusions, modifié dans deux cellules : seules ces deux cellules changent, et l’aperçu les liste', async ({ page, newContext }) => {
  test.setTimeout(60_000);
  await open(page, '#/parametres');
  await page.getByLabel('Nom').fill('Claire Martin');
  for (const n of [3, 20]) await setStatus(page, n, '◐ En cours');
  // The pilot's sheet leaves now…
  const sheet = parse(await exportCsv(page), ';');
  // …while two services' files are merged here.
  for (const [n, notes] of [[7, 'Bilan douane'], [30, 'Bilan gendarmerie']]) {
    const service = await (await newContext()).newPage();
    await open(service, `#/mesure/${n}`);
    await service.getByLabel('Statut', { exact: true }).selectOption({ label: '✓ Réalisée' });
    await service.getByLabel('Notes').fill(notes);
    await service.getByLabel('Notes').press('Tab');
    await waitSaved(service);
    await open(service, '#/echanges');
    const downloading = service.waitForEvent('download');
    await service.getByRole('button', { name: 'Exporter', exact: true }).click();
    await service.getByRole('dialog').getByRole('button', { name: 'Exporter sans signature' }).click();
    const path = await (await downloading).path();
    await open(page, '#/echanges');
    await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles(path);
    await page.getByRole('button', { name: 'Fusionner' }).click();
    await waitSaved(page);
  }
  // The pilot changed two cells, and sends the sheet back.
  edit(sheet, 3, 'Avancement (%)', '45');
  edit(sheet, 20, 'Notes', 'Réunion tenue le 2 décembre');
  await open(page, '#/echanges');
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles({
    name: 'retour-pilote.csv', mimeType: 'text/csv', buffer: Buffer.from(serialise(sheet, ';', '\r\n'), 'utf8'),
  });
  const preview = page.locator('.import-preview');
  await expect(preview.locator('.preview-counts')).toContainText('2\u00a0mesures à mettre à jour');
  await expect(preview.locator('.preview-counts')).toContainText('0\u00a0mesure en conflit');
  const lines = preview.locator('.change-lines > li');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText(/Avancement\s:\s0\s%\s→\s45\s%/);
  await expect(lines.nth(1)).toContainText('Notes modifiées');
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await waitSaved(page);
  // The services' updates stand.
  for (const [n, notes] of [[7, 'Bilan douane'], [30, 'Bilan gendarmerie']]) {
    await open(page, `#/mesure/${n}`);
    await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('realisee');
    await expect(page.getByLabel('Notes')).toHaveValue(notes);
  }
  await open(page, '#/mesure/3');
  await expect(page.getByRole('spinbutton', { name: 'Avancement (%)' })).toHaveValue('45');
  await open(page, '#/mesure/20');
  await expect(page.getByLabel('Notes')).toHaveValue('Réunion tenue le 2 décembre');
});

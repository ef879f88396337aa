// The month's round-up: several files at once (picked, dropped, or a whole
// folder), one line per file, one combined preview, one « Fusionner tout »,
// one undo.
import { test, expect, open, waitSaved, storedChanges, importFile, exportFile } from './fixtures.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const ROUND = 'target/fixtures/tour-de-table';
const HISTORY = 'target/fixtures/equipe-5-ans.json';

/** The 20 files of the five-year history split by person (five sent twice). */
function roundFiles() {
  expect(existsSync(ROUND), `${ROUND} manque : make fixtures`).toBe(true);
  // Each person's file before its copy, as they were sent.
  const sent = (name) => [name.replace('-copie', ''), name.includes('-copie')];
  return readdirSync(ROUND)
    .sort((a, b) => (sent(a)[1] - sent(b)[1]) || sent(a)[0].localeCompare(sent(b)[0]))
    .map((name) => `${ROUND}/${name}`);
}

test('vingt fichiers d’un coup : une ligne par fichier, un aperçu, « Fusionner tout », une seule annulation', async ({ page }) => {
  const files = roundFiles();
  await importFile(page, files);
  await expect(page.getByRole('heading', { name: 'Aperçu de l’import : 20\u00a0fichiers' })).toBeVisible();
  const lines = page.locator('.file-line');
  await expect(lines).toHaveCount(20);
  await expect(page.getByText('20\u00a0fichiers lus ; 15\u00a0fichiers apportent des changements.')).toBeVisible();
  // Two copies of one file count once.
  await expect(lines.filter({ hasText: 'comptée une fois' })).toHaveCount(5);
  const karim = lines.filter({ hasText: /^\S+ 02-karim-benali\.json/ });
  await expect(karim).toContainText('Signé par Karim Benali (DGDDI), exporté le');
  await expect(karim).toContainText(/Apporte des changements pour \d+\u00a0mesures/);
  await expect(page.getByText('La fusion change 55\u00a0mesures :')).toBeVisible();

  await page.getByRole('button', { name: 'Fusionner tout' }).click();
  await expect(page.locator('.message-slot')).toContainText('20\u00a0fichiers ont été fusionnés avec vos annotations');
  await waitSaved(page);
  // Every change of the five years is now here.
  const history = JSON.parse(readFileSync(HISTORY, 'utf8'));
  const stored = new Set(await storedChanges(page));
  const missing = Object.entries(history.annotations)
    .flatMap(([n, a]) => a.changes.map((c) => JSON.stringify([n, c])))
    .filter((c) => !stored.has(c));
  expect(missing).toEqual([]);
  await open(page, '#/mesure/12');
  const notes = history.annotations['12'].changes.filter((c) => c.field === 'notes').at(-1).value;
  await expect(page.getByLabel('Notes')).toHaveValue(notes);

  // One undo takes the whole round back, and says so.
  await page.getByRole('button', { name: /^Annuler/ }).first().click();
  await expect(page.locator('.undo-said')).toHaveText('Annulé : l’import de 20\u00a0fichiers.');
  await expect(page.getByLabel('Notes')).toHaveValue('');
});

test('la lecture de plusieurs fichiers montre sa progression', async ({ page }) => {
  await open(page, '#/echanges');
  // A slow machine: reading the files takes seconds, not a frame.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles(roundFiles());
  await expect(page.getByRole('status').filter({ hasText: /^\d+\u00a0fichiers? sur 20 lus?$/ })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: /sur 20/ })).toBeVisible();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expect(page.getByRole('heading', { name: /Aperçu de l’import : 20/ })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('progressbar')).toHaveCount(0);
});

test('plusieurs fichiers déposés sur la page : tous lus, un fichier illisible n’empêche pas les autres', async ({ page }) => {
  await open(page, '#/');
  const valid = readFileSync('tests/fixtures/import/valide.json', 'utf8');
  const transfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'ofast.json', { type: 'application/json' }));
    dt.items.add(new File(['{ pas du json'], 'abime.json', { type: 'application/json' }));
    return dt;
  }, valid);
  await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page).toHaveURL(/#\/echanges$/);
  const lines = page.locator('.file-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText('Signé par Claire Martin (Ofast)');
  await expect(lines.nth(0)).toContainText('Apporte des changements pour 3\u00a0mesures');
  await expect(lines.nth(1)).toContainText('Refusé : ce n’est pas du JSON valide');
  await expect(lines.nth(1)).toContainText('Les autres fichiers sont importés sans lui.');
  await page.getByRole('button', { name: 'Fusionner tout' }).click();
  await expect(page.locator('.message-slot')).toContainText('2\u00a0fichiers ont été fusionnés');
  await open(page, '#/mesure/42');
  await expect(page.locator('.timeline > li')).not.toHaveCount(0);
});

test('« Choisir un dossier » lit ses .json et .csv ; un fichier déjà importé le dit, et rien n’est à fusionner', async ({ page }) => {
  await importFile(page, 'tests/fixtures/import/valide.json');
  await page.getByRole('button', { name: 'Fusionner', exact: true }).click();
  await waitSaved(page);
  const before = await storedChanges(page);
  await open(page, '#/echanges');
  // The folder holds the same file twice, and a text file Vigie leaves out.
  await page.locator('#dossier-import').setInputFiles('tests/fixtures/dossier-equipe');
  const lines = page.locator('.file-line');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText('Déjà importé, rien de nouveau.');
  await expect(lines.nth(1)).toContainText('Copie de');
  await expect(page.locator('.message-slot')).toContainText('Aucun des 2\u00a0fichiers n’apporte de changement');
  await expect(page.getByRole('button', { name: 'Fusionner tout' })).toBeHidden();
  await page.getByRole('button', { name: 'Fermer' }).click();
  expect(await storedChanges(page)).toEqual(before);
});

test('un champ changé par deux collègues et ici : un seul conflit, ses trois valeurs et leur fichier, le choix tenu', async ({ page, newContext }) => {
  await open(page, '#/mesure/8');
  await page.getByLabel('Notes').fill('Notes de départ');
  await page.getByLabel('Notes').press('Tab');
  await waitSaved(page);
  const base = await exportFile(page);
  const colleague = async (name, text) => {
    const other = await (await newContext()).newPage();
    await open(other, '#/parametres');
    await other.getByLabel('Nom').fill(name);
    await importFile(other, base);
    await other.getByRole('button', { name: 'Fusionner', exact: true }).click();
    await open(other, '#/mesure/8');
    await other.getByLabel('Notes').fill(text);
    await other.getByLabel('Notes').press('Tab');
    await waitSaved(other);
    return { name: `${name.split(' ')[0].toLowerCase()}.json`, mimeType: 'application/json', buffer: readFileSync(await exportFile(other)) };
  };
  const karim = await colleague('Karim Benali', 'Texte de Karim');
  const nadia = await colleague('Nadia Haddad', 'Texte de Nadia');
  await open(page, '#/mesure/8');
  await page.getByLabel('Notes').fill('Notre texte');
  await page.getByLabel('Notes').press('Tab');
  await waitSaved(page);

  await importFile(page, [karim, nadia]);
  await expect(page.locator('.preview-counts')).toContainText('1\u00a0mesure en conflit');
  const notes = page.getByRole('group', { name: 'Notes — valeur à garder pour la mesure 8' });
  // Three values, and « Garder les deux ».
  await expect(notes.locator('.conflict-value-option')).toHaveCount(4);
  await expect(notes).toContainText('(ce navigateur)');
  await expect(notes).toContainText('Karim Benali (fichier «\u202fkarim.json\u202f»)');
  await expect(notes).toContainText('Nadia Haddad (fichier «\u202fnadia.json\u202f»)');
  // The latest written is kept by default; the choice is the user's.
  await notes.locator('.conflict-value-option', { hasText: 'Texte de Karim' }).getByRole('radio').check();
  await page.getByRole('button', { name: 'Fusionner tout' }).click();
  await open(page, '#/mesure/8');
  await expect(page.getByLabel('Notes')).toHaveValue('Texte de Karim');
  await expect(page.getByRole('region', { name: /Conflit à résoudre/ })).toHaveCount(0);
});

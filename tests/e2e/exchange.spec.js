import { test, expect, open, waitSaved, storedChanges, importFile, exportFile } from './fixtures.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { adversarialFile } from '../../tools/adversarial-file.mjs';

const fixture = (name) => `tests/fixtures/import/${name}`;

async function setStatus(page, n, label) {
  await open(page, `#/mesure/${n}`);
  await page.getByLabel('Statut', { exact: true }).selectOption({ label });
  await waitSaved(page);
}

test('exporter puis importer dans un navigateur vide restitue exactement l’état', async ({ page, newContext }) => {
  await setStatus(page, 17, '◐ En cours');
  await page.getByLabel('Notes').fill('Ligne 1\n« guillemets » ; point-virgule');
  await page.getByLabel('Notes').press('Tab');
  await waitSaved(page);
  const path = await exportFile(page);
  const exported = JSON.parse(readFileSync(path, 'utf8'));
  expect(exported.format).toBe('vigie-annotations');
  expect(exported.schema).toBe(3);
  expect(exported.annotations['17'].changes.map((c) => c.field)).toEqual(['status', 'notes']);

  const other = await (await newContext()).newPage();
  await importFile(other, path);
  await expect(other.getByRole('heading', { name: /Aperçu de l’import/ })).toBeVisible();
  await expect(other.locator('.preview-counts')).toContainText('1\u00a0mesure à ajouter');
  await other.getByRole('button', { name: 'Fusionner' }).click();
  await waitSaved(other);
  expect(await storedChanges(other)).toEqual(await storedChanges(page));
  await open(other, '#/mesure/17');
  await expect(other.getByLabel('Notes')).toHaveValue('Ligne 1\n« guillemets » ; point-virgule');
});

test('annuler l’aperçu ne change rien ; un import, même « Remplacer », s’annule et rend l’historique', async ({ page }) => {
  await setStatus(page, 2, '! En difficulté');
  const before = await storedChanges(page);
  await importFile(page, fixture('valide.json'));
  await expect(page.getByText('Exporté par Claire Martin (Ofast)')).toBeVisible();
  await page.getByRole('button', { name: 'Annuler l’import' }).click();
  await expect(page.getByText('Import annulé : rien n’a changé.')).toBeVisible();
  expect(await storedChanges(page)).toEqual(before);

  await importFile(page, fixture('valide.json'));
  await page.getByRole('button', { name: 'Remplacer…' }).click();
  await page.getByRole('button', { name: 'Oui, remplacer' }).click();
  await open(page, '#/?statut=en_difficulte');
  await expect(page.locator('article.measure')).toHaveCount(1);
  await expect(page.locator('#mesure-42')).toBeVisible();
  await page.getByRole('button', { name: /Annuler/ }).first().click();
  await expect(page.locator('.undo-said')).toHaveText('Annulé : l’import de «\u00a0valide.json\u00a0».');
  await expect(page.locator('#mesure-2')).toBeVisible();
  await expect(page.locator('#mesure-42')).toHaveCount(0);
  await open(page, '#/mesure/2');
  await expect(page.locator('.timeline > li')).toHaveCount(1);
  await expect(page.locator('.timeline > li').first()).toContainText('Statut : Non évaluée → En difficulté');
});

test('remplacer dans un onglet tient bon face à un autre onglet resté ouvert', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await setStatus(b, 5, '◐ En cours');
  await importFile(a, fixture('valide.json'));
  await a.getByRole('button', { name: 'Remplacer…' }).click();
  await a.getByRole('button', { name: 'Oui, remplacer' }).click();
  await waitSaved(a);
  // Tab B, which still held measure 5, goes on working and saves.
  await setStatus(b, 12, '! En difficulté');
  for (const page of [a, b]) {
    await open(page, '#/?statut=en_cours,en_difficulte');
    await expect(page.locator('article.measure')).toHaveCount(3);
    await expect(page.locator('#mesure-5')).toHaveCount(0);
    await expect(page.locator('#mesure-12')).toBeVisible();
  }
});

test('importer deux fois le même fichier ne change rien la seconde fois', async ({ page }) => {
  await importFile(page, fixture('valide.json'));
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await waitSaved(page);
  const once = await storedChanges(page);
  await importFile(page, fixture('valide.json'));
  await expect(page.locator('.preview-counts')).toContainText('3\u00a0mesures laissées telles quelles');
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await page.waitForTimeout(400);
  expect(await storedChanges(page)).toEqual(once);
});

/**
 * Our notes on measure 8 and Karim Benali's, written apart from a shared
 * export: a notes conflict to settle. `name` signs ours (none: unsigned);
 * `ahead` sets Karim's clock that many milliseconds ahead.
 */
async function notesConflict(page, newContext, { name = 'Claire Martin', ours = 'Notre texte', ahead = 0 } = {}) {
  if (name) {
    await open(page, '#/parametres');
    await page.getByLabel('Nom').fill(name);
  }
  await open(page, '#/mesure/8');
  await page.getByLabel('Notes').fill('Notes de départ');
  await page.getByLabel('Notes').press('Tab');
  await waitSaved(page);
  const shared = await exportFile(page);
  const theirContext = await newContext();
  if (ahead) await theirContext.clock.setSystemTime(new Date(Date.now() + ahead));
  const colleague = await theirContext.newPage();
  await open(colleague, '#/parametres');
  await colleague.getByLabel('Nom').fill('Karim Benali');
  await importFile(colleague, shared);
  await colleague.getByRole('button', { name: 'Fusionner' }).click();
  await open(colleague, '#/mesure/8');
  await colleague.getByLabel('Notes').fill('Texte du collègue');
  await colleague.getByLabel('Notes').press('Tab');
  await waitSaved(colleague);
  const theirs = await exportFile(colleague);
  await open(page, '#/mesure/8');
  await page.getByLabel('Notes').fill(ours);
  await page.getByLabel('Notes').press('Tab');
  await waitSaved(page);
  return theirs;
}

test('« Garder les deux » dans l’aperçu : une seule note, chaque texte sous son auteur et sa date', async ({ page, newContext }) => {
  const theirs = await notesConflict(page, newContext);
  await importFile(page, theirs);
  const conflict = page.locator('.conflict-choice');
  await expect(conflict).toContainText('Claire Martin (ce navigateur)');
  await expect(conflict).toContainText('Karim Benali (fichier)');
  await conflict.getByLabel(/Garder les deux/).check();
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await open(page, '#/mesure/8');
  const notes = await page.getByLabel('Notes').inputValue();
  // Oldest first: Karim wrote his before Claire wrote hers.
  expect(notes).toMatch(/^Karim Benali, le \d\d\/\d\d\/\d{4} à \d{1,2} h \d\d\u00a0:\nTexte du collègue\n\nClaire Martin, le .*\u00a0:\nNotre texte$/);
  await expect(page.getByRole('region', { name: /Conflit à résoudre/ })).toHaveCount(0);
});

test('« Garder les deux » sur la page de la mesure règle le conflit des notes', async ({ page, newContext }) => {
  const theirs = await notesConflict(page, newContext);
  await importFile(page, theirs);
  await page.locator('.conflict-choice').getByLabel('Laisser le conflit ouvert (choisir sur la page de la mesure)').check();
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await open(page, '#/mesure/8');
  const panel = page.getByRole('region', { name: /Conflit à résoudre/ });
  await panel.getByRole('button', { name: 'Garder les deux' }).click();
  await expect(panel).toHaveCount(0);
  const notes = await page.getByLabel('Notes').inputValue();
  expect(notes).toContain('Notre texte');
  expect(notes).toContain('Texte du collègue');
  // One undo brings the conflict back, every text in it.
  await page.getByRole('button', { name: /Annuler/ }).first().click();
  await expect(page.getByRole('region', { name: /Conflit à résoudre/ })).toBeVisible();
});

test('un collègue dont l’horloge avance de 2 h : l’aperçu le dit, le conflit reste ouvert sur la page de la mesure, les deux textes visibles', async ({ page, newContext }) => {
  const theirs = await notesConflict(page, newContext, {
    name: null,
    ours: 'Notre texte, écrit après le sien',
    ahead: 2 * 3600_000,
  });
  await importFile(page, theirs);
  await expect(page.getByRole('alert').filter({ hasText: 'L’horloge de l’ordinateur de Karim Benali avance d’environ 2\u00a0h' })).toBeVisible();
  const conflict = page.locator('.conflict-choice');
  await expect(page.locator('.preview-counts')).toContainText('1\u00a0mesure en conflit');
  await expect(conflict).toContainText('Mesure 8');
  await expect(conflict).toContainText('Notre texte, écrit après le sien');
  await expect(conflict).toContainText('Texte du collègue');
  await expect(conflict).toContainText('Karim Benali (fichier)');
  // No foreign clock settles it: the choice is left to the measure's page.
  await expect(conflict.getByLabel('Laisser le conflit ouvert (choisir sur la page de la mesure)')).toBeChecked();
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await open(page, '#/mesure/8');
  const panel = page.getByRole('region', { name: /Conflit à résoudre/ });
  await expect(panel).toContainText('Notre texte, écrit après le sien');
  await expect(panel).toContainText('Texte du collègue');
  // Chosen there, the other stays readable in the history, and can come back.
  await panel.locator('.conflict-value', { hasText: 'Texte du collègue' }).getByRole('button', { name: 'Garder cette valeur' }).click();
  await expect(page.getByLabel('Notes')).toHaveValue('Texte du collègue');
  await expect(panel).toHaveCount(0);
  const ours = page.locator('.timeline > li').filter({ has: page.locator('details', { hasText: 'Notre texte, écrit après le sien' }) });
  await expect(ours.first()).toContainText('Notes modifiées');
  await ours.first().getByRole('button', { name: 'Revenir à cette valeur' }).click();
  await expect(page.getByLabel('Notes')).toHaveValue('Notre texte, écrit après le sien');
});

const badFiles = [
  ['pas-du-json.json', 'ce n’est pas du JSON valide'],
  ['pas-utf8.json', 'n’est pas du texte UTF-8'],
  ['autre-format.json', 'n’est pas un fichier d’annotations Vigie'],
  ['schema-futur.json', 'version plus récente de Vigie'],
  ['valeurs-invalides.json', 'annotations.17.changes.1.value : 140 n’est pas entre 0 et 100'],
];

for (const [file, message] of badFiles) {
  test(`un fichier refusé (${file}) est expliqué et ne change rien`, async ({ page }) => {
    await setStatus(page, 6, '◐ En cours');
    const before = await storedChanges(page);
    await importFile(page, fixture(file));
    const error = page.locator('.message-slot .banner-error');
    await expect(error).toContainText(message);
    await expect(error).toContainText('Vos annotations n’ont pas changé');
    await expect(page.getByRole('button', { name: 'Fusionner' })).toHaveCount(0);
    expect(await storedChanges(page)).toEqual(before);
  });
}

test('les fichiers des anciennes versions (schémas 1 et 2) s’importent', async ({ page }) => {
  await importFile(page, fixture('schema-2.json'));
  await expect(page.locator('.preview-counts')).toContainText('3\u00a0mesures à ajouter');
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await importFile(page, fixture('schema-1.json'));
  await expect(page.locator('.preview-counts')).toContainText('2\u00a0mesures à ajouter');
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await open(page, '#/mesure/1');
  await expect(page.locator('.timeline > li').filter({ hasText: 'Statut : En cours → Réalisée' })).toContainText('« Décret publié »');
  await open(page, '#/mesure/12');
  await expect(page.getByLabel('Notes')).toHaveValue('Réunion de lancement tenue');
});

test('un fichier de plus de 50 Mo est refusé sans être lu', async ({ page }) => {
  await open(page, '#/echanges');
  // Playwright hands over at most 50 MB in memory: a file on disk, then.
  const path = test.info().outputPath('trop-gros.json');
  writeFileSync(path, Buffer.alloc(50 * 1024 * 1024 + 1, 32));
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles(path);
  await expect(page.locator('.message-slot .banner-error')).toContainText('au-delà de la limite de 50 Mo');
});

test('un fichier de 5 Mo fait pour ralentir donne son aperçu (le temps est mesuré par make bench)', async ({ page }) => {
  const text = adversarialFile();
  expect(text.length).toBeLessThanOrEqual(5 * 1024 * 1024);
  expect(text.length).toBeGreaterThan(4.5 * 1024 * 1024);
  await open(page, '#/echanges');
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles({
    name: 'lourd.json', mimeType: 'application/json', buffer: Buffer.from(text),
  });
  await expect(page.getByRole('heading', { name: /Aperçu de l’import/ })).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('.preview-counts')).toContainText('55\u00a0mesures à ajouter');
});

test('un fichier d’une autre version du plan propose de n’importer que les mesures intactes', async ({ page }) => {
  await importFile(page, fixture('autre-plan.json'));
  await expect(page.getByText('autre version du texte du plan')).toBeVisible();
  await page.getByRole('button', { name: 'Importer seulement ces 1\u00a0mesure' }).click();
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
  await expect(page.locator('.preview-counts')).toContainText('3\u00a0mesures à ajouter');
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
  expect(lines[0]).toBe('Numéro;Objectif;Titre court;Statut;Avancement (%);Pilote;Échéance;Dernière mise à jour;Notes;Version (ne pas modifier)');
  expect(lines).toHaveLength(3);
  expect(lines[1]).toMatch(/^35;5;.*;En cours;0;/);
  expect(lines[2]).toMatch(/^48;5;/);
});

test('comparer avec un export antérieur montre ce qui a bougé, sans fusionner', async ({ page }) => {
  await importFile(page, fixture('valide.json'));
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await setStatus(page, 17, '✓ Réalisée');
  await setStatus(page, 42, '× Abandonnée');
  const before = await storedChanges(page);
  await open(page, '#/echanges');
  await page.getByLabel('Choisir l’export de référence (.json)').setInputFiles(fixture('valide.json'));
  await expect(page.locator('.baseline-summary')).toContainText('1 mesure a progressé, 1 a reculé');
  await open(page, '#/');
  // The export's day and time, as written in the file (valide.json).
  await expect(page.locator('.baseline-summary')).toContainText(/Depuis le \d\d\/\d\d\/\d{4} à \d{1,2} h \d\d/);
  await expect(page.locator('#mesure-17 .movement')).toContainText('▲ a progressé · En cours → Réalisée');
  await expect(page.locator('#mesure-42 .movement')).toContainText('▼ a reculé');
  await open(page, '#/tableau-de-bord');
  await expect(page.getByRole('heading', { name: 'Depuis le dernier point' })).toBeVisible();
  expect(await storedChanges(page)).toEqual(before);
});

test('la référence reste après un rechargement, la fenêtre du présentateur la reçoit, et « Ne plus comparer » l’oublie', async ({ page, context }) => {
  await importFile(page, fixture('valide.json'));
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await setStatus(page, 17, '✓ Réalisée');
  await open(page, '#/echanges');
  await page.getByLabel('Choisir l’export de référence (.json)').setInputFiles(fixture('valide.json'));
  await expect(page.locator('.baseline-summary')).toContainText('1 mesure a progressé');
  await page.reload();
  await expect(page.locator('.baseline-summary')).toContainText('1 mesure a progressé');
  await expect(page.locator('.baseline-summary')).toContainText('valide.json');
  // The room and the speaker count the same slides: the movements' slide too.
  await open(page, '#/presentation/1');
  const total = (await page.locator('.deck-counter').textContent()).split('/')[1].trim();
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Vue présentateur' }).click();
  const speaker = await popup;
  await expect(speaker.locator('.deck-next-label')).toHaveText(`Ensuite\u00a0: 2 / ${total}`);
  await speaker.close();
  await open(page, '#/echanges');
  await page.getByRole('button', { name: 'Ne plus comparer' }).click();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Comparer avec…' })).toBeVisible();
  await expect(page.locator('.baseline-summary')).toHaveCount(0);
});

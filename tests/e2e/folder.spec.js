// The team folder in Chromium. An origin-private directory stands in for
// the folder the user picks: an init script makes showDirectoryPicker
// return it, a real FileSystemDirectoryHandle with a real createWritable().
// Each browser context has its own, so the test plays the synchronisation
// client: it copies a colleague's file from one folder to the other.
import { readFileSync } from 'node:fs';
import { test, expect, open, waitSaved } from './fixtures.js';

const standIn = () => {
  window.showDirectoryPicker = async () => {
    const root = await navigator.storage.getDirectory();
    return root.getDirectoryHandle('equipe', { create: true });
  };
};

/** Every file of the stand-in folder: name → text. */
const folderFiles = (page) => page.evaluate(async () => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('equipe', { create: true });
  const out = {};
  // A file being swapped in by Vigie's createWritable may vanish a moment.
  for await (const [name, handle] of dir.entries()) {
    try { out[name] = await (await handle.getFile()).text(); } catch { /* being written */ }
  }
  return out;
});

/** Puts a file in the stand-in folder, as a colleague's browser would. */
const putFile = (page, name, text) => page.evaluate(async ([name, text]) => {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle('equipe', { create: true });
  const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
  await w.write(text);
  await w.close();
}, [name, text]);

/** The page comes back into view: Vigie reads the folder again. */
const comeBack = (page) => page.evaluate(() => window.dispatchEvent(new Event('focus')));

async function linkFolder(page) {
  await open(page, '#/parametres');
  await page.getByRole('button', { name: 'Relier un dossier d’équipe…' }).click();
  await expect(page.locator('.folder-status')).toContainText(/Dossier d’équipe\u00a0: 1\u00a0fichier, à jour/);
}

const colleague = readFileSync('tests/fixtures/import/valide.json', 'utf8');
const COLLEAGUE = 'vigie-claire-martin-ofast-c1a1e0.json';

test('un fichier de collègue qui arrive dans le dossier est fusionné, et le nôtre y est écrit', async ({ page }) => {
  await page.context().addInitScript(standIn);
  await linkFolder(page);
  const own = Object.keys(await folderFiles(page));
  expect(own).toHaveLength(1);
  expect(own[0]).toMatch(/^vigie-anonyme-[0-9a-f]{6}\.json$/);
  await putFile(page, COLLEAGUE, colleague);
  await comeBack(page);
  await expect(page.locator('.folder-status')).toContainText('2\u00a0fichiers');
  await open(page, '#/mesure/17');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('en_cours');
  // The history says which file brought the changes.
  await expect(page.locator('.timeline > li').first()).toContainText(`via «\u202f${COLLEAGUE}\u202f»`);
  // Our change reaches our file within a few seconds; theirs is untouched.
  await page.getByLabel('Statut', { exact: true }).selectOption({ label: '✓ Réalisée' });
  await waitSaved(page);
  await expect.poll(async () => (await folderFiles(page))[own[0]], { timeout: 6000 }).toContain('"realisee"');
  expect((await folderFiles(page))[COLLEAGUE]).toBe(colleague);
});

test('un fichier à moitié écrit est signalé, puis lu une fois complet', async ({ page }) => {
  await page.context().addInitScript(standIn);
  await linkFolder(page);
  await putFile(page, COLLEAGUE, colleague.slice(0, colleague.length / 2));
  await comeBack(page);
  await expect(page.locator('.folder-status')).toContainText('⚠ 1 à voir');
  await open(page, '#/parametres');
  await expect(page.locator('.folder-problems')).toContainText(`«\u202f${COLLEAGUE}\u202f» n’a pas pu être lu`);
  await expect(page.locator('.folder-problems')).toContainText('relu au prochain passage');
  await putFile(page, COLLEAGUE, colleague);
  await comeBack(page);
  await expect(page.locator('.folder-status')).not.toContainText('à voir');
  await open(page, '#/mesure/42');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('en_difficulte');
});

test('après un rechargement, le dossier reprend seul et continue d’écrire', async ({ page }) => {
  await page.context().addInitScript(standIn);
  await linkFolder(page);
  const own = Object.keys(await folderFiles(page))[0];
  await page.reload();
  await expect(page.locator('.folder-status')).toContainText(/Dossier d’équipe\u00a0: 1\u00a0fichier, à jour/);
  await open(page, '#/mesure/8');
  await page.getByLabel('Statut', { exact: true }).selectOption({ label: '◐ En cours' });
  await waitSaved(page);
  await expect.poll(async () => (await folderFiles(page))[own], { timeout: 6000 }).toContain('"en_cours"');
  // Unlinking is one click; what was written stays.
  await open(page, '#/parametres');
  await page.getByRole('button', { name: 'Délier le dossier' }).click();
  await expect(page.locator('.folder-status')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Relier un dossier d’équipe…' })).toBeVisible();
  expect(Object.keys(await folderFiles(page))).toEqual([own]);
});

test('deux personnes, deux navigateurs, un dossier synchronisé : chacune reçoit les changements de l’autre', async ({ page, newContext }) => {
  await page.context().addInitScript(standIn);
  const other = await (await newContext()).newPage();
  await other.context().addInitScript(standIn);
  await linkFolder(page);
  await linkFolder(other);
  await open(page, '#/mesure/8');
  await page.getByLabel('Statut', { exact: true }).selectOption({ label: '◐ En cours' });
  await open(other, '#/mesure/9');
  await other.getByLabel('Statut', { exact: true }).selectOption({ label: '! En difficulté' });
  // The synchronisation client copies each one's file to the other.
  const fileOf = async (p) => {
    await expect.poll(async () => Object.values(await folderFiles(p)).join(), { timeout: 6000 }).toMatch(/"en_cours"|"en_difficulte"/);
    return Object.entries(await folderFiles(p))[0];
  };
  const [nameA, textA] = await fileOf(page);
  const [nameB, textB] = await fileOf(other);
  expect(nameA).not.toBe(nameB);
  await putFile(other, nameA, textA);
  await putFile(page, nameB, textB);
  await comeBack(page);
  await comeBack(other);
  await open(page, '#/mesure/9');
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('en_difficulte');
  await open(other, '#/mesure/8');
  await expect(other.getByLabel('Statut', { exact: true })).toHaveValue('en_cours');
  // Each wrote only its own file.
  expect((await folderFiles(other))[nameA]).toBe(textA);
});

// Storage at team scale: five years of a fifteen-person team's history
// (tests/common/team.rs, written by `make fixtures`) held in this browser
// with three tabs open, within half of the local storage quota measured in
// the page; damage to the stored text costing at most one measure; and a
// browser filling up, told what to do and able to free space without
// losing anything.
import { existsSync, readFileSync } from 'node:fs';
import { test, expect, open, waitSaved, storedDocuments } from './fixtures.js';
import { BACKUP_PREFIX, MAIN_KEY } from '../../tools/vigie.mjs';

const HISTORY = 'target/fixtures/equipe-5-ans.json';

/** Stores `entries` in the app's origin before the app runs there. */
async function seed(page, entries) {
  await page.gotoBeforeApp('plan.json');
  await page.evaluate((pairs) => {
    localStorage.clear();
    for (const [k, v] of pairs) localStorage.setItem(k, v);
  }, entries);
}

/** Characters every key holds, and the quota, measured: the largest value
 * that still fits beside them, found by halving, then removed. */
function space(page) {
  return page.evaluate(() => {
    let used = 0;
    for (const key of Object.keys(localStorage)) used += key.length + localStorage.getItem(key).length;
    const probe = 'vigie.mesure-du-quota';
    let lo = 0;
    let hi = 12_000_000;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      try {
        localStorage.setItem(probe, 'x'.repeat(mid));
        lo = mid;
      } catch {
        hi = mid - 1;
      }
    }
    localStorage.removeItem(probe);
    return { used, quota: used + lo + probe.length };
  });
}

test('cinq ans d’historique d’une équipe de quinze, trois onglets ouverts : moins de la moitié du stockage, rien de perdu', async ({ context }) => {
  test.setTimeout(90_000);
  expect(existsSync(HISTORY), `${HISTORY} manque : make fixtures`).toBe(true);
  const history = JSON.parse(readFileSync(HISTORY, 'utf8'));
  // As an older Vigie stored it: the whole history as one JSON text.
  const a = await context.newPage();
  await seed(a, [[MAIN_KEY, JSON.stringify(history)]]);
  await open(a, '#/mesure/12');
  const notes = history.annotations['12'].changes.filter((c) => c.field === 'notes').at(-1).value;
  await expect(a.getByLabel('Notes')).toHaveValue(notes);
  // The first tab packs the main key (each measure compressed).
  await expect.poll(() => a.evaluate((key) => localStorage.getItem(key).startsWith('vigie-z1'), MAIN_KEY),
    { timeout: 15_000 }).toBe(true);
  const b = await context.newPage();
  const c = await context.newPage();
  await open(b, '#/mesure/20');
  await open(c, '#/mesure/31');
  // Each tab types a little: its journal holds that, not a copy of five years.
  for (const [page, text] of [[a, ' Ajout A.'], [b, ' Ajout B.'], [c, ' Ajout C.']]) {
    await page.getByLabel('Notes').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
    await waitSaved(page);
  }
  const { used, quota } = await space(a);
  console.log(`Cinq ans, trois onglets : ${used} caractères sur ${quota} (${(100 * used / quota).toFixed(1)} %)`);
  expect(used / quota).toBeLessThanOrEqual(0.5);
  // Every change of the history is still there, and the three additions.
  const stored = await storedDocuments(a);
  const total = Object.values(stored[MAIN_KEY].annotations).reduce((n, m) => n + m.changes.length, 0);
  expect(total).toBeGreaterThanOrEqual(Object.values(history.annotations).reduce((n, m) => n + m.changes.length, 0));
  await a.reload();
  await open(a, '#/mesure/20');
  await expect(a.getByLabel('Notes')).toHaveValue(/Ajout B\.$/);
  await open(a, '#/mesure/31');
  await expect(a.getByLabel('Notes')).toHaveValue(/Ajout C\.$/);
  // Settings say how much is used.
  await open(a, '#/parametres');
  await expect(a.getByText(/Vigie occupe [\d  ]+ Ko de l’espace de stockage de ce navigateur/)).toBeVisible();
});

test('une accolade perdue dans les données enregistrées ne coûte que la mesure où elle est, et le bandeau la nomme', async ({ page }) => {
  const doc = {
    format: 'vigie-annotations', schema: 3, plan_id: '', plan_fingerprint: '', written_at: 1790000000000,
    author: { name: 'Claire Martin', service: 'Ofast' }, annotations: {},
  };
  const change = (n, value) => ({ at: `179000000000${n}.0.0000000000c1`, by: 'Claire', field: 'notes', value });
  for (const n of [4, 5, 6]) doc.annotations[n] = { text_fingerprint: '', changes: [change(n, `notes de la mesure ${n}`)] };
  const text = JSON.stringify(doc);
  // Measure 5's object loses its closing brace.
  const at = text.indexOf('"5":{');
  const end = text.indexOf(']}', at) + 1;
  await seed(page, [[MAIN_KEY, text.slice(0, end) + text.slice(end + 1)]]);
  await open(page, '#/mesure/4');
  await expect(page.getByLabel('Notes')).toHaveValue('notes de la mesure 4');
  await expect(page.getByRole('region', { name: 'Messages' })).toContainText('annotations.5');
  await open(page, '#/mesure/6');
  await expect(page.getByLabel('Notes')).toHaveValue('notes de la mesure 6');
  await open(page, '#/mesure/5');
  await expect(page.getByLabel('Notes')).toHaveValue('');
  // The damaged text is kept aside, whole, before anything is rewritten.
  const backups = await page.evaluate((prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix)).length, BACKUP_PREFIX);
  expect(backups).toBe(1);
});

test('un stockage presque plein : le bandeau dit quoi faire, et une copie téléchargée se supprime pour libérer la place', async ({ page }) => {
  // A copy set aside long ago that fills three quarters of the space.
  await seed(page, [[`${BACKUP_PREFIX}1790000000000`, 'x'.repeat(3_900_000)]]);
  await open(page, '#/');
  await page.waitForTimeout(2_000);
  const banner = page.getByRole('region', { name: 'Messages' });
  await expect(banner).toContainText(/L’espace de stockage du navigateur est occupé à 7\d\s%/);
  await expect(banner).toContainText('exportez vos annotations');
  await open(page, '#/parametres');
  const remove = page.getByRole('button', { name: /^Supprimer la copie du/ });
  await expect(remove).toBeDisabled();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Télécharger' }).click();
  expect((await downloading).suggestedFilename()).toBe('vigie-sauvegarde-1790000000000.json');
  await expect(remove).toBeEnabled();
  await remove.click();
  await expect(page.getByRole('heading', { name: 'Copies mises de côté' })).toHaveCount(0);
  await expect(page.getByText(/soit 0\s%/)).toBeVisible();
});

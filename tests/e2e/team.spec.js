// The team directory and the « Relevé »: pilotes grouped by service, the
// directory built from what the annotations name, and who has not reported.
import { readFileSync } from 'node:fs';
import { test, expect, open, waitSaved, importFile } from './fixtures.js';

async function setPilote(page, n, pilote) {
  await open(page, `#/mesure/${n}`);
  const field = page.getByLabel('Pilote', { exact: true });
  await field.fill(pilote);
  await field.press('Tab');
  await waitSaved(page);
}

test('l’annuaire se construit depuis les pilotes vus, et le filtre, les puces et le champ Pilote regroupent par service', async ({ page }) => {
  await setPilote(page, 3, 'Gendarmerie (DGGN)');
  await setPilote(page, 5, 'Gendarmerie – DGGN (Capitaine Roux)');
  await setPilote(page, 12, 'Douane – DNRED');
  await open(page, '#/parametres');
  const directory = page.getByRole('region', { name: 'Annuaire de l’équipe' });
  await directory.getByRole('button', { name: 'Ajouter «\u202fGendarmerie (DGGN)\u202f»' }).click();
  await waitSaved(page);
  // The captain's spelling is the gendarmerie now: no longer offered.
  await expect(directory.getByRole('button', { name: /Capitaine Roux/ })).toHaveCount(0);
  await expect(directory.getByRole('group', { name: 'Gendarmerie (DGGN)' })).toBeVisible();
  await directory.getByLabel('Personnes (séparées par des virgules)').fill('Capitaine Roux, Adjudante Kerouac');
  await directory.getByLabel('Personnes (séparées par des virgules)').press('Tab');
  await waitSaved(page);

  await open(page, '#/');
  await page.locator('details.facet summary', { hasText: /^Pilote/ }).click();
  const group = page.getByRole('group', { name: 'Filtrer par pilote' });
  await expect(group.locator('li')).toHaveText(['Douane – DNRED — 1 mesure', 'Gendarmerie (DGGN) — 2 mesures', 'Sans pilote — 52 mesures']);
  await group.getByRole('checkbox', { name: /^Gendarmerie \(DGGN\)/ }).check();
  await expect(page).toHaveURL(/pilote=gendarmerie-dggn/);
  await expect(page.locator('article.measure')).toHaveCount(2);
  await expect(page.locator('.active-filters .chip')).toHaveText('Pilote\u00a0: Gendarmerie (DGGN) ×');

  await open(page, '#/mesure/9');
  const options = await page.locator('#acteurs-du-plan option').evaluateAll((os) => os.map((o) => o.value));
  expect(options[0]).toBe('Gendarmerie (DGGN)');
});

test('le relevé met en premier qui n’a rien mis à jour, relance par courriel et exporte le CSV du pilote', async ({ page }) => {
  // Measure 17 (pilote Ofast) was last changed in August, by the file.
  await importFile(page, 'tests/fixtures/import/valide.json');
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await waitSaved(page);
  await setPilote(page, 3, 'DNRED');
  await open(page, '#/tableau-de-bord');
  await page.getByRole('link', { name: 'Relevé par pilote' }).click();
  await expect(page).toHaveURL(/#\/releve$/);
  await page.getByLabel('Mises à jour depuis le').fill('2026-10-01');
  await page.getByLabel('Mises à jour depuis le').dispatchEvent('change');
  await expect(page).toHaveURL(/#\/releve\?depuis=2026-10-01$/);
  await expect(page.locator('.report-summary')).toHaveText('1 pilote n’a mis à jour aucune de ses mesures depuis le 01/10/2026.');
  const groups = page.locator('.report-group h2');
  await expect(groups.nth(0)).toContainText('Ofast');
  await expect(groups.nth(0)).toContainText('Aucune mise à jour');
  await expect(groups.nth(1)).toContainText('DNRED');
  await expect(groups.nth(1)).toContainText('1 mesure sur 1 à jour');
  const ofast = page.getByRole('region', { name: /Ofast/ });
  await expect(ofast.getByRole('row', { name: /17\./ })).toContainText('Claire Martin (Ofast)');
  const mail = await ofast.getByRole('link', { name: 'Relancer Ofast' }).getAttribute('href');
  expect(mail).toMatch(/^mailto:\?subject=/);
  const body = decodeURIComponent(mail.split('&body=')[1]);
  expect(body).toContain('- Mesure 17\u00a0: ');
  expect(body).toContain('pas de mise à jour depuis le 01/10/2026');
  expect(body).toMatch(/#\/\?pilote=ofast/);
  const downloading = page.waitForEvent('download');
  await ofast.getByRole('button', { name: 'Exporter pour ce pilote (Ofast, CSV)' }).click();
  const csv = readFileSync(await (await downloading).path(), 'utf8').slice(1).split('\r\n').filter(Boolean);
  expect(csv).toHaveLength(2);
  expect(csv[1]).toMatch(/^17;/);
});

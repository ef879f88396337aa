// Signing from the first change: the name is asked without blocking, and
// giving it signs what this browser did unsigned and has not exported.
import { readFileSync } from 'node:fs';
import { test, expect, open, waitSaved, storedChanges, exportFile } from './fixtures.js';

async function setStatus(page, n, label) {
  await open(page, `#/mesure/${n}`);
  await page.getByLabel('Statut', { exact: true }).selectOption({ label });
  await waitSaved(page);
}

/** Who signs each change, as an export made now says. */
async function signers(page) {
  const file = JSON.parse(readFileSync(await exportFile(page), 'utf8'));
  return Object.entries(file.annotations).flatMap(([n, a]) => a.changes.map((c) => `${n}:${c.by}`)).sort();
}
const prompt = (page) => page.getByRole('region', { name: 'Qui travaille\u202f?' });

/** Opens the prompt's form and signs with `name` (and `service`). */
async function signAs(page, name, service) {
  await prompt(page).getByRole('button', { name: 'Indiquer mon nom' }).click();
  await expect(prompt(page).getByLabel('Votre nom')).toBeFocused();
  await prompt(page).getByLabel('Votre nom').fill(name);
  if (service) await prompt(page).getByLabel('Votre service').fill(service);
  await prompt(page).getByRole('button', { name: 'Signer mes modifications' }).click();
}

test('la première modification fait demander qui travaille, sans bloquer ; le nom signe ce qui a été fait ici', async ({ page }) => {
  await open(page, '#/mesure/17');
  await expect(prompt(page)).toHaveCount(0);
  const status = page.getByLabel('Statut', { exact: true });
  await status.focus();
  await status.selectOption({ label: '◐ En cours' });
  await waitSaved(page);
  // Asked, but the focus stays where the user was, and the change is saved.
  await expect(prompt(page)).toBeVisible();
  await expect(status).toBeFocused();
  await page.getByRole('spinbutton', { name: 'Avancement (%)' }).fill('30');
  await page.getByRole('spinbutton', { name: 'Avancement (%)' }).press('Tab');
  await waitSaved(page);
  expect((await storedChanges(page)).map((c) => JSON.parse(c)[1].by)).toEqual(['anonyme', 'anonyme']);
  await signAs(page, 'Lucie Martin', 'DNRED');
  await expect(page.locator('.undo-said')).toContainText('2 modifications signées «\u202fLucie Martin (DNRED)\u202f»');
  await expect(prompt(page)).toHaveCount(0);
  await expect(page.locator('.timeline')).not.toContainText('anonyme');
  await page.reload();
  await expect(page.locator('.timeline > li').first()).toContainText('Lucie Martin (DNRED)');
  await expect(prompt(page)).toHaveCount(0);
  expect(await signers(page)).toEqual(['17:Lucie Martin (DNRED)', '17:Lucie Martin (DNRED)']);
});

test('ce qui est déjà parti dans un export n’est jamais réécrit', async ({ page }) => {
  await setStatus(page, 17, '◐ En cours');
  const first = JSON.parse(readFileSync(await exportFile(page), 'utf8'));
  expect(first.annotations['17'].changes[0].by).toBe('anonyme');
  await setStatus(page, 42, '! En difficulté');
  await signAs(page, 'Lucie Martin');
  await expect(page.locator('.undo-said')).toContainText('1 modification signée');
  await waitSaved(page);
  expect(await signers(page)).toEqual(['17:anonyme', '42:Lucie Martin']);
  // The export that left comes back as it was: nothing doubled.
  const before = await signers(page);
  await open(page, '#/echanges');
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles({
    name: 'retour.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(first)),
  });
  await expect(page.locator('.preview-counts')).toContainText('laissée telle quelle');
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await waitSaved(page);
  expect(await signers(page)).toEqual(before);
});

test('un autre onglet resté ouvert prend le nom, et rien n’est en double', async ({ page, context }) => {
  await setStatus(page, 17, '◐ En cours');
  const other = await context.newPage();
  await open(other, '#/mesure/8');
  await other.getByLabel('Statut', { exact: true }).selectOption({ label: '◐ En cours' });
  await waitSaved(other);
  await expect(prompt(page)).toBeVisible();
  await signAs(page, 'Lucie Martin');
  await expect(page.locator('.undo-said')).toContainText('2 modifications signées');
  await expect(prompt(other)).toHaveCount(0);
  await open(other, '#/mesure/17');
  await expect(other.locator('.timeline')).toContainText('Lucie Martin');
  await other.getByLabel('Statut', { exact: true }).selectOption({ label: '✓ Réalisée' });
  await waitSaved(other);
  await page.reload();
  expect(await signers(page)).toEqual(['17:Lucie Martin', '17:Lucie Martin', '8:Lucie Martin']);
});

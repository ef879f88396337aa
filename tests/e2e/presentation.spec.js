import { test, expect, open } from './fixtures.js';
import { readFileSync } from 'node:fs';
import { MAIN_KEY } from '../../tools/vigie.mjs';

const seed = readFileSync('tests/fixtures/import/valide.json', 'utf8');
const longNote = 'Compte rendu détaillé du comité de pilotage, avec de nombreux éléments de contexte. '.repeat(12);

test.use({ viewport: { width: 1920, height: 1080 } });

test.beforeEach(async ({ page }) => {
  await page.addInitScript(([key, text]) => {
    if (!localStorage.getItem(key)) localStorage.setItem(key, text);
  }, [MAIN_KEY, seed]);
});

/** Whether the slide's content fits its 16:9 frame. */
const overflow = (page) => page.locator('.slide').evaluate((el) => {
  const frame = el.getBoundingClientRect();
  const out = [...el.querySelectorAll('*')].filter((c) => {
    const r = c.getBoundingClientRect();
    return r.width > 0 && (r.bottom > frame.bottom + 1 || r.right > frame.right + 1);
  });
  return { scroll: el.scrollHeight > el.clientHeight + 1, out: out.length };
});

test('le diaporama se parcourt au clavier, sans rien qui déborde', async ({ page }) => {
  await open(page, '#/tableau-de-bord');
  await page.getByRole('link', { name: 'Présenter le point' }).click();
  await expect(page).toHaveURL(/#\/presentation\/1$/);
  const counter = page.locator('.deck-counter');
  await expect(counter).toHaveText('1 / 8');
  const headings = [];
  for (let i = 1; i <= 8; i++) {
    await expect(counter).toHaveText(`${i} / 8`);
    headings.push(await page.locator('.slide h1').innerText());
    expect(await overflow(page), `diapositive ${i}`).toEqual({ scroll: false, out: 0 });
    const body = await page.locator('.slide').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(body).toBeGreaterThanOrEqual(28);
    await page.keyboard.press(i % 2 ? 'ArrowRight' : 'PageDown');
  }
  expect(headings[0]).toBe('Plan national de lutte contre les stupéfiants');
  expect(headings[1]).toContain('Amélioration de la connaissance des trafics');
  expect(headings[5]).toBe('Initiatives de coopération internationales');
  expect(headings[7]).toBe('Points d’attention');
  await expect(page.locator('.slide')).toContainText('Influence française');
  // Past the end stays on the last slide; Home, End, a number and Enter jump.
  await expect(counter).toHaveText('8 / 8');
  await page.keyboard.press('Home');
  await expect(counter).toHaveText('1 / 8');
  await page.keyboard.press('End');
  await expect(counter).toHaveText('8 / 8');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expect(counter).toHaveText('3 / 8');
  await page.keyboard.press('PageUp');
  await expect(counter).toHaveText('2 / 8');
  await page.keyboard.press('b');
  await expect(page.locator('.slide')).toHaveClass(/slide-blank/);
  await page.keyboard.press('b');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/tableau-de-bord$/);
});

test('un rechargement garde la diapositive', async ({ page }) => {
  await open(page, '#/presentation/3');
  await expect(page.locator('.deck-counter')).toHaveText('3 / 8');
  await page.reload();
  await expect(page.locator('.deck-counter')).toHaveText('3 / 8');
  await expect(page.locator('.slide h1')).toContainText('Intensification et rationalisation');
});

test('présenter la sélection fait une diapositive par mesure, même la plus longue', async ({ page }) => {
  await open(page, '#/mesure/20');
  await page.getByLabel('Notes').fill(longNote);
  await page.getByLabel('Notes').press('Tab');
  await open(page, '#/?objectif=2');
  await page.getByRole('link', { name: 'Présenter la sélection' }).click();
  await expect(page).toHaveURL(/#\/presentation\/1\?selection=1&objectif=2$/);
  await expect(page.locator('.deck-counter')).toHaveText('1 / 15');
  await expect(page.locator('.slide h1')).toHaveText('Sélection de 14 mesures');
  for (let i = 2; i <= 15; i++) {
    await page.keyboard.press(' ');
    await expect(page.locator('.deck-counter')).toHaveText(`${i} / 15`);
    expect(await overflow(page), `diapositive ${i}`).toEqual({ scroll: false, out: 0 });
  }
  await page.keyboard.press('Home');
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await expect(page.locator('.slide .slide-kicker')).toContainText('Mesure 20');
  await expect(page.locator('.slide-notes')).toContainText('(notes abrégées)');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/\?objectif=2$/);
});

test('le dossier imprimable donne un PDF A4 propre', async ({ page }) => {
  await open(page, '#/dossier');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan national de lutte contre les stupéfiants');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Imprimer / PDF' })).toBeHidden();
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
  expect(pages).toBeGreaterThanOrEqual(8);
  expect(pages).toBeLessThanOrEqual(30);
  // Every measure sits whole on a page.
  const split = await page.locator('.handout-measure').evaluateAll((els) =>
    els.filter((e) => getComputedStyle(e).breakInside !== 'avoid').length);
  expect(split).toBe(0);
  await expect(page.locator('.handout-measure')).toHaveCount(55);
  await expect(page.locator('.handout-measure').nth(16)).toContainText('Liste arrêtée en comité');
});

test('la vue présentateur montre la suite et avance avec la salle', async ({ page, context }) => {
  await open(page, '#/presentation/1');
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Vue présentateur' }).click();
  const speaker = await popup;
  await expect(speaker).toHaveURL(/#\/presentation\/1\?vue=presentateur$/);
  await expect(speaker.locator('.deck-next-label')).toHaveText('Ensuite : 2 / 8');
  await expect(speaker.locator('.deck-next .slide h1')).toContainText('Amélioration de la connaissance');
  await page.keyboard.press('ArrowRight');
  await expect(speaker.locator('.deck-counter')).toHaveText('2 / 8');
  await speaker.keyboard.press('PageDown');
  await expect(page.locator('.deck-counter')).toHaveText('3 / 8');
});

import { test, expect, open } from './fixtures.js';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of each page of a PDF, as poppler's pdftotext lays it out. */
function pdfPages(pdf) {
  const file = join(mkdtempSync(join(tmpdir(), 'vigie-pdf-')), 'dossier.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
}
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
  await expect(counter).toHaveText('1 / 9');
  const headings = [];
  for (let i = 1; i <= 9; i++) {
    await expect(counter).toHaveText(`${i} / 9`);
    headings.push(await page.locator('.slide h1').innerText());
    expect(await overflow(page), `diapositive ${i}`).toEqual({ scroll: false, out: 0 });
    const body = await page.locator('.slide').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(body).toBeGreaterThanOrEqual(28);
    await page.keyboard.press(i % 2 ? 'ArrowRight' : 'PageDown');
  }
  expect(headings[0]).toBe('Plan national de lutte contre les stupéfiants');
  expect(headings[1]).toBe('Mesures par statut et avancement moyen, mois par mois');
  expect(headings[2]).toContain('Amélioration de la connaissance des trafics');
  expect(headings[6]).toBe('Initiatives de coopération internationales');
  expect(headings[8]).toBe('Points d’attention');
  await expect(page.locator('.slide')).toContainText('Maintien de l’influence française');
  // Past the end stays on the last slide; Home, End, a number and Enter jump.
  await expect(counter).toHaveText('9 / 9');
  await page.keyboard.press('Home');
  await expect(counter).toHaveText('1 / 9');
  await page.keyboard.press('End');
  await expect(counter).toHaveText('9 / 9');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await expect(counter).toHaveText('3 / 9');
  await page.keyboard.press('PageUp');
  await expect(counter).toHaveText('2 / 9');
  await page.keyboard.press('b');
  await expect(page.locator('.slide')).toHaveClass(/slide-blank/);
  await page.keyboard.press('b');
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/tableau-de-bord$/);
});

test('un rechargement garde la diapositive', async ({ page }) => {
  await open(page, '#/presentation/4');
  await expect(page.locator('.deck-counter')).toHaveText('4 / 9');
  await page.reload();
  await expect(page.locator('.deck-counter')).toHaveText('4 / 9');
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
  // Notes stay off the projector until asked for (N, or the « Notes » button).
  await expect(page.locator('.slide-notes')).toHaveCount(0);
  await page.keyboard.press('n');
  await expect(page.getByRole('button', { name: 'Notes' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.slide-notes')).toContainText('(notes abrégées)');
  expect(await overflow(page), 'avec les notes').toEqual({ scroll: false, out: 0 });
  await page.keyboard.press('n');
  await expect(page.locator('.slide-notes')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/\?objectif=2$/);
});

test('le dossier imprimable donne un PDF A4 propre', async ({ page }) => {
  await open(page, '#/dossier');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plan national de lutte contre les stupéfiants');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Imprimer / PDF' })).toBeHidden();
  const pages = pdfPages(await page.pdf({ format: 'A4', printBackground: true }));
  // Compact: the whole plan with its annotations in at most 8 A4 pages,
  // each with the date and « page N / M » in its footer, and each at least
  // half filled but the last.
  expect(pages.length).toBeGreaterThanOrEqual(4);
  expect(pages.length).toBeLessThanOrEqual(8);
  const today = new Date().toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  const lines = pages.map((p) => p.split('\n').filter((l) => l.trim()).length);
  pages.forEach((text, i) => {
    expect(text).toContain(`page ${i + 1} / ${pages.length}`);
    expect(text).toContain(`Vigie — dossier du ${today}`);
    if (i < pages.length - 1) expect(lines[i], `page ${i + 1}`).toBeGreaterThan(Math.max(...lines) / 2);
  });
  // No page is left three-quarters empty by a forced break: none is forced.
  const forced = await page.locator('.handout-cover, .handout-objective').evaluateAll((els) =>
    els.filter((e) => ['page', 'always'].includes(getComputedStyle(e).breakBefore) || ['page', 'always'].includes(getComputedStyle(e).breakAfter)).length);
  expect(forced).toBe(0);
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
  await expect(speaker.locator('.deck-next-label')).toHaveText('Ensuite : 2 / 9');
  await expect(speaker.locator('.deck-next .slide h1')).toContainText('mois par mois');
  await page.keyboard.press('ArrowRight');
  await expect(speaker.locator('.deck-counter')).toHaveText('2 / 9');
  await speaker.keyboard.press('PageDown');
  await expect(page.locator('.deck-counter')).toHaveText('3 / 9');
});

test('la diapositive de titre d’une sélection donne ses propres chiffres', async ({ page }) => {
  // The seed: measure 1 done, 17 in progress, 42 in difficulty.
  await open(page, '#/presentation/1?selection=1&objectif=1');
  const slide = page.locator('.slide');
  await expect(slide.locator('h1')).toHaveText('Sélection de 9 mesures');
  await expect(slide.locator('.slide-figures')).toContainText(/1\s*réalisée sur 9/);
  await expect(slide.locator('.slide-figures')).toContainText('0 en difficulté');
  await open(page, '#/presentation/1?selection=1&q=coop%C3%A9ration');
  await expect(slide.locator('.slide-figures')).not.toContainText('réalisée sur 55');
});

test('les points d’attention donnent pilote, échéance et dernier commentaire', async ({ page }) => {
  await open(page, '#/mesure/42');
  await page.getByLabel('Pilote').fill('DGDDI');
  await page.getByLabel('Pilote').press('Tab');
  await page.getByLabel('Échéance', { exact: true }).fill('2026-06-30');
  await page.getByLabel('Échéance', { exact: true }).press('Tab');
  await page.getByLabel('Commentaire du changement').fill('Arbitrage attendu en comité');
  await page.getByLabel('Commentaire du changement').press('Tab');
  await expect(page.locator('.timeline > li').first()).toContainText('Arbitrage attendu en comité');
  await open(page, '#/presentation/9');
  const row = page.locator('.slide-table tr', { hasText: 'Arbitrage attendu en comité' });
  await expect(row).toContainText('DGDDI');
  await expect(row).toContainText('30/06/2026 ⚠ en retard');
  await expect(row).toContainText('En difficulté');
  expect(await overflow(page)).toEqual({ scroll: false, out: 0 });
});

test('la vue présentateur donne les notes de la mesure, l’heure et un minuteur', async ({ page, context }) => {
  await open(page, '#/presentation/3?selection=1&objectif=2');
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Vue présentateur' }).click();
  const speaker = await popup;
  await speaker.setViewportSize({ width: 1920, height: 1080 });
  await expect(speaker.locator('.deck-next-label')).toHaveText('Ensuite\u00a0: 4 / 15');
  await speaker.keyboard.press('Home');
  await expect(page.locator('.deck-counter')).toHaveText('1 / 15');
  await expect(speaker.locator('.speaker-notes')).toContainText('s’affichent ici');
  // Measure 17 (the seed's notes) is the selection's 8th measure.
  await speaker.keyboard.type('9');
  await speaker.keyboard.press('Enter');
  await expect(page.locator('.slide .slide-kicker')).toContainText('Mesure 17');
  const notes = speaker.getByRole('region', { name: 'Notes de la mesure 17' });
  await expect(notes).toContainText('Liste arrêtée en comité');
  await expect(notes).toContainText('Avancement : 0 % → 40 %');
  await expect(notes.getByRole('heading', { name: 'Historique' })).toBeVisible();
  // The room sees no notes; the speaker does.
  await expect(page.locator('.slide-notes')).toHaveCount(0);
  const clock = speaker.getByRole('group', { name: 'Horloge et minuteur' });
  await expect(clock).toContainText(/Heure \d{1,2} h \d{2}/);
  const timer = clock.getByRole('timer');
  await expect(timer).toHaveText('00:00');
  await clock.getByRole('button', { name: 'Démarrer' }).click();
  await expect(timer).toHaveText(/^00:0[1-9]$/, { timeout: 5000 });
  await clock.getByRole('button', { name: 'Pause' }).click();
  const paused = await timer.innerText();
  await speaker.waitForTimeout(1200);
  await expect(timer).toHaveText(paused);
  await expect(clock.getByRole('button', { name: 'Reprendre' })).toBeVisible();
  await clock.getByRole('button', { name: 'Remettre à zéro' }).click();
  await expect(timer).toHaveText('00:00');
});

test('aucune commande du diaporama ne déborde, de 360 à 1920 px', async ({ page }) => {
  for (const [width, height] of [[360, 740], [390, 844], [768, 1024], [1366, 768], [1920, 1080]]) {
    await page.setViewportSize({ width, height });
    for (const hash of ['#/presentation/2', '#/presentation/2?vue=presentateur']) {
      await open(page, hash);
      // Nothing past the right edge (the speaker's panel scrolls down, not
      // across), and the bar's controls wholly on screen.
      const out = await page.evaluate(() => [...document.querySelectorAll('.deck-bar *, .deck-next *')]
        .filter((e) => {
          const r = e.getBoundingClientRect();
          const inBar = e.closest('.deck-bar');
          return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1 || (inBar && r.bottom > window.innerHeight + 1));
        })
        .map((e) => e.textContent.trim().slice(0, 30)));
      expect(out, `${width} px ${hash}`).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await expect(page.getByRole('button', { name: 'Quitter' })).toBeInViewport({ ratio: 1 });
    }
  }
});

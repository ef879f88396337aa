// Monday's briefing as the room, the speaker and a phone see it (issue 29):
// room slides without machinery, a speaker's view that fits laptops, a phone
// held upright, the plan over time, and the small things that cost trust.
import { test, expect, open, waitSaved, importFile } from './fixtures.js';
import { readFileSync } from 'node:fs';
import { MAIN_KEY } from '../../tools/vigie.mjs';

const seed = readFileSync('tests/fixtures/import/valide.json', 'utf8');

async function seeded(page) {
  await page.addInitScript(([key, text]) => {
    if (!localStorage.getItem(key)) localStorage.setItem(key, text);
  }, [MAIN_KEY, seed]);
}

async function setStatus(page, label) {
  await page.getByLabel('Statut', { exact: true }).selectOption({ label });
}

/** Whether the slide's content fits its frame. */
const overflow = (page) => page.locator('.deck > .deck-stage .slide').evaluate((el) => {
  const frame = el.getBoundingClientRect();
  const out = [...el.querySelectorAll('*')].filter((c) => {
    const r = c.getBoundingClientRect();
    return r.width > 0 && (r.bottom > frame.bottom + 1 || r.right > frame.right + 1);
  });
  return { scroll: el.scrollHeight > el.clientHeight + 1, out: out.length };
});

const px = (locator) => locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test('la salle voit l’état et le dernier commentaire d’une mesure, jamais la machinerie, lisible du fond à 1366 × 768', async ({ page }) => {
  await seeded(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await open(page, '#/mesure/17');
  await setStatus(page, '! En difficulté');
  await page.getByLabel('Commentaire du changement').fill('Arbitrage attendu en comité');
  await page.getByLabel('Commentaire du changement').press('Tab');
  await expect(page.locator('.timeline > li').first()).toContainText('Arbitrage attendu en comité');
  // An internal event: going back to an earlier value.
  await page.locator('.timeline > li', { hasText: 'Statut' }).last().getByRole('button', { name: 'Revenir à cette valeur' }).click();
  await waitSaved(page);
  // Measure 17 is the 8th measure of objective 2's selection.
  await open(page, '#/presentation/9?selection=1&objectif=2');
  const slide = page.locator('.slide');
  await expect(slide.locator('.slide-kicker')).toContainText('Mesure 17');
  await expect(slide).toContainText('Dernier commentaire, de');
  await expect(slide).toContainText('Arbitrage attendu en comité');
  for (const machinery of ['Retour', 'Conflit', 'anonyme', ' → ', 'importé']) {
    await expect(slide, machinery).not.toContainText(machinery);
  }
  expect(await px(slide.locator('.slide-text'))).toBeGreaterThanOrEqual(28);
  expect(await px(slide.locator('.status'))).toBeGreaterThanOrEqual(28);
  expect(await px(slide.locator('.progress-value'))).toBeGreaterThanOrEqual(28);
  // Every measure of the objective fits, long texts cut visibly.
  const total = Number((await page.locator('.deck-counter').textContent()).split('/')[1]);
  for (let i = 2; i <= total; i++) {
    await open(page, `#/presentation/${i}?selection=1&objectif=2`);
    expect(await overflow(page), `diapositive ${i}`).toEqual({ scroll: false, out: 0 });
  }
  await open(page, '#/presentation/12?selection=1&objectif=2');
  await expect(slide.locator('.slide-kicker')).toContainText('Mesure 20');
  await expect(slide.locator('.slide-cut')).toHaveText(' (suite dans les notes du présentateur)');
});

test('« N notes » n’est proposé que sur une diapositive qui a des notes', async ({ page }) => {
  await seeded(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await open(page, '#/presentation/1?selection=1&objectif=2');
  await expect(page.locator('.deck-help')).not.toContainText('N notes');
  await expect(page.getByRole('button', { name: 'Notes', exact: true })).toHaveCount(0);
  // Measure 17 has the seed's notes.
  await open(page, '#/presentation/9?selection=1&objectif=2');
  await expect(page.locator('.deck-help')).toContainText('N notes');
  await expect(page.getByRole('button', { name: 'Notes', exact: true })).toBeVisible();
});

for (const [width, height] of [[1024, 768], [1280, 800], [1366, 768], [1600, 900], [1920, 1080]]) {
  test(`la vue présentateur tient la diapositive et la suivante à ${width} × ${height}`, async ({ page }) => {
    await seeded(page);
    await page.setViewportSize({ width, height });
    await open(page, '#/presentation/3?vue=presentateur');
    const next = await page.locator('.deck-next .deck-stage').boundingBox();
    const now = await page.locator('.deck > .deck-stage').boundingBox();
    expect(next.width, 'la suivante, au moins un tiers de la largeur').toBeGreaterThanOrEqual(width / 3);
    expect(next.height / next.width).toBeGreaterThan(0.55);
    expect(next.y + next.height).toBeLessThanOrEqual(height);
    expect(now.width).toBeGreaterThan(next.width);
    expect(now.y).toBeGreaterThanOrEqual(0);
    expect(now.y + now.height).toBeLessThanOrEqual(height);
    await expect(page.locator('.deck-next .slide h1')).toContainText('Intensification');
  });
}

test('un téléphone tenu droit : une diapositive pleine largeur, texte de 16 px au moins', async ({ page }) => {
  await seeded(page);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const hash of ['#/presentation/1', '#/presentation/3', '#/presentation/9?selection=1&objectif=2']) {
    await open(page, hash);
    const box = await page.locator('.deck > .deck-stage .slide').boundingBox();
    expect(Math.abs(box.width - 390), hash).toBeLessThanOrEqual(1);
    const small = await page.locator('.deck > .deck-stage .slide').evaluate((slide) => [...slide.querySelectorAll('*')]
      .filter((e) => !e.closest('svg') && !e.closest('.visually-hidden') && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 16)
      .map((e) => `${e.tagName} ${e.textContent.trim().slice(0, 20)}`));
    expect(small, hash).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), hash).toBe(true);
  }
});

test('le plan dans le temps : un historique connu donne son tableau, mois par mois', async ({ newContext }) => {
  const context = await newContext();
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2026-09-10T10:00:00+02:00'));
  await open(page, '#/mesure/1');
  await setStatus(page, '◐ En cours');
  await waitSaved(page);
  await page.clock.setFixedTime(new Date('2026-11-05T10:00:00+01:00'));
  await open(page, '#/mesure/2');
  await setStatus(page, '✓ Réalisée');
  await page.getByRole('spinbutton', { name: 'Avancement (%)' }).fill('100');
  await page.getByRole('spinbutton', { name: 'Avancement (%)' }).press('Tab');
  await waitSaved(page);
  await page.clock.setFixedTime(new Date('2026-12-05T10:00:00+01:00'));
  await open(page, '#/tableau-de-bord');
  // A new day for the app: a page opened in December (a hash change keeps
  // the September one running).
  await page.reload();
  const section = page.getByRole('region', { name: 'Le plan dans le temps' }).or(page.locator('section', { has: page.getByRole('heading', { name: 'Le plan dans le temps' }) }));
  await expect(section.locator('svg.timeline-chart')).toHaveAttribute('aria-label', /^De septembre 2026 à décembre 2026/);
  await section.getByText('Voir les chiffres en tableau').click();
  const rows = await section.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  // Month, then Non évaluée, Non engagée, En cours, En difficulté, Réalisée, Abandonnée, average.
  expect(rows).toEqual([
    ['septembre 2026', '54', '0', '1', '0', '0', '0', '0\u00a0%'],
    ['octobre 2026', '54', '0', '1', '0', '0', '0', '0\u00a0%'],
    ['novembre 2026', '53', '0', '1', '0', '1', '0', '1,8\u00a0%'],
    ['décembre 2026', '53', '0', '1', '0', '1', '0', '1,8\u00a0%'],
  ]);
});

test('un classeur ou un PDF déposé : on dit d’enregistrer le tableur en CSV', async ({ page }) => {
  await open(page, '#/echanges');
  await importFile(page, { name: 'suivi.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('PK\x03\x04 classeur') });
  await expect(page.locator('.message-slot')).toContainText('« suivi.xlsx » n’a pas été importé');
  await expect(page.locator('.message-slot')).toContainText('enregistrez le tableur en CSV');
  await importFile(page, { name: 'compte-rendu.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
  await expect(page.locator('.message-slot')).toContainText('c’est un PDF');
});

test('un export se confirme sur la page', async ({ page }) => {
  await seeded(page);
  await open(page, '#/parametres');
  await page.getByLabel('Nom').fill('Claire Martin');
  await open(page, '#/echanges');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  const file = await downloading;
  await expect(page.locator('.export-done')).toContainText(`Fichier « ${file.suggestedFilename()} » créé`);
  await expect(page.locator('.export-done')).toContainText('mesures annotées');
});

test('« Modifier l’auteur » depuis une mesure offre d’y revenir', async ({ page }) => {
  await open(page, '#/mesure/12');
  await page.getByRole('link', { name: 'Modifier l’auteur' }).click();
  await expect(page).toHaveURL(/#\/parametres\?retour=12$/);
  await page.getByLabel('Nom').fill('Claire Martin');
  await page.getByRole('link', { name: '← Revenir à la mesure 12' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mesure 12');
});

test('Vigie s’installe : un manifeste relatif, ses icônes, couvert par la CSP', async ({ page }) => {
  await open(page, '#/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('manifest.webmanifest');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("manifest-src 'self'");
  const manifest = await page.evaluate(async (h) => (await fetch(h)).json(), href);
  expect(manifest).toMatchObject({ short_name: 'Vigie', lang: 'fr', start_url: './', scope: './', display: 'standalone' });
  for (const icon of manifest.icons) {
    const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
    expect(status, icon.src).toBe(200);
  }
  // Chromium's own verdict: nothing keeps « Installer Vigie » from being offered.
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // (A test's browser context is a private window, where nothing installs.)
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
});

// The two byte budgets (issue 14), on the release build in dist/. Byte
// counts of one build are deterministic, so they are tested here rather
// than benchmarked: gzip -9 of what the browser downloads.
//  - Reading: the prerendered page and its stylesheet, all the plan needs
//    to be read, stay within 25 KB.
//  - The whole first load (page, stylesheet, glue, the chunks' loader and
//    the main WebAssembly) stays within 360 KB, so that nothing grows it
//    unnoticed. The screens a reader does not need first (dashboard,
//    exchanges, glossary, settings, handouts, slides) are split off into
//    chunks loaded when opened (src/ui/lazy.rs), which the second test
//    checks the browser really does.
import { test, expect, open } from './fixtures.js';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { builtFiles } from '../../tools/trunk-output.mjs';

const KB = 1000;
const gz = (file) => gzipSync(readFileSync(`dist/${file}`), { level: 9 }).length;

test('lire le plan demande au plus 25 Ko compressés, et tout le premier chargement au plus 360 Ko', () => {
  const { glue, wasm, css, split } = builtFiles('dist');
  const reading = gz('index.html') + gz(css);
  const whole = reading + gz(glue) + gz(split) + gz(wasm);
  const report = `lecture ${(reading / KB).toFixed(1)} Ko, premier chargement ${(whole / KB).toFixed(1)} Ko`;
  test.info().annotations.push({ type: 'octets', description: report });
  expect(reading, report).toBeLessThanOrEqual(25 * KB);
  expect(whole, report).toBeLessThanOrEqual(360 * KB);
});

test('la liste ne charge que le thésaurus et l’entretien, une mesure en plus son historique ; le tableau de bord charge le sien en s’ouvrant', async ({ newContext }) => {
  // No service worker: it would fetch every file for offline use, and
  // this test is about what the page itself asks for.
  const context = await newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const chunks = [];
  page.on('request', (r) => { if (/\/(split_|chunk_)[^/]*\.wasm$/.test(r.url())) chunks.push(r.url()); });
  // goto waits for the app to take over from the prerendered page.
  await open(page, '#/');
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('maroc');
  await expect(page.locator('article.measure')).toHaveCount(2);
  // In idle time: the thesaurus (the search answers without it meanwhile)
  // and the upkeep of the stored annotations; no screen's chunk.
  await expect.poll(() => chunks.some((url) => /split_thesaurus-/.test(url))).toBe(true);
  // (Shared `chunk_` files come with them.)
  expect(chunks.filter((url) => /split_/.test(url) && !/split_(thesaurus|entretien)-/.test(url))).toEqual([]);
  await page.locator('article.measure a').first().click();
  await expect(page.getByLabel('Statut', { exact: true })).toBeVisible();
  await open(page, '#/mesure/17');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mesure 17');
  await expect(page.getByRole('heading', { name: 'Historique' })).toBeVisible();
  // The history's timeline comes from its chunk; no screen's chunk is fetched.
  expect(chunks.some((url) => /split_historique-/.test(url))).toBe(true);
  expect(chunks.some((url) => /split_(suivi|echanges|diapos|tableur)-/.test(url))).toBe(false);
  await page.getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  expect(chunks.some((url) => /split_suivi-/.test(url))).toBe(true);
  expect(chunks.some((url) => /split_(echanges|diapos)-/.test(url))).toBe(false);
});

// `make bench`, team scale in the browser, timed in the page (the transfer
// of a file by Playwright is not the app's time):
// - the preview of every hostile file (tools/adversarial-file.mjs and the
//   reliability review's cases) and of a realistic five-year export, from
//   the file chosen to its preview on screen;
// - undoing the import of 4.7 MB of commented changes;
// - start-up with the five-year history stored, against an empty browser;
// - a save while typing with that history stored (the app's own User
//   Timing, `?chrono`);
// - the share of the local storage quota three tabs use, measured.
// Prints medians; asserts nothing (the tests check outcomes, not times).
import { chromium } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tools/chromium.mjs';
import { serve } from '../../tools/serve.mjs';
import { appReady, MAIN_KEY } from '../../tools/vigie.mjs';
import { adversarialFile, reviewFiles } from '../../tools/adversarial-file.mjs';

const HISTORY = 'target/fixtures/equipe-5-ans.json';
if (!existsSync(HISTORY)) throw new Error(`${HISTORY} manque : make fixtures`);
const history = readFileSync(HISTORY, 'utf8');

const server = await serve();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const ms = (x) => `${Math.round(x)} ms`;

/** From the file chosen to the preview's heading on screen, in the page. */
async function previewTime(page, name, text) {
  await page.evaluate(() => {
    window.previewShown = new Promise((resolve) => {
      document.getElementById('fichier-import').addEventListener('change', () => {
        const start = performance.now();
        const seen = new MutationObserver(() => {
          if (document.getElementById('titre-apercu')) {
            seen.disconnect();
            resolve(performance.now() - start);
          } else if (document.querySelector('.message-slot .banner-error')) {
            seen.disconnect();
            resolve(Number.NaN);
          }
        });
        seen.observe(document.body, { childList: true, subtree: true });
      }, { capture: true, once: true });
    });
  });
  await page.locator('#fichier-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const shown = await page.evaluate(() => window.previewShown);
  // The app's own timings of reading the file and computing its preview.
  const [read, preview] = await page.evaluate(() => ['vigie-lecture', 'vigie-apercu']
    .map((n) => performance.getEntriesByName(n).at(-1)?.duration ?? Number.NaN));
  return { shown, read, preview };
}

console.log('Aperçu d’import, du fichier choisi à l’aperçu affiché (médiane de 5) :');
const files = [['chaînes de remplacements (adversarial-file.mjs)', adversarialFile()], ...reviewFiles(), ['cinq ans d’une équipe de quinze (réaliste)', history]];
for (const [label, text] of files) {
  const runs = [];
  for (let run = 0; run < 5; run++) {
    const page = await browser.newPage();
    await page.goto(`${server.url}?chrono#/echanges`);
    await appReady(page);
    runs.push(await previewTime(page, 'fichier.json', text));
    await page.close();
  }
  const times = runs.map((r) => r.shown);
  const said = times.some(Number.isNaN)
    ? 'REFUSÉ'
    : `${ms(median(times))} (lecture ${ms(median(runs.map((r) => r.read)))}, aperçu ${ms(median(runs.map((r) => r.preview)))})`;
  console.log(`  ${label.padEnd(62)} ${(text.length / 1048576).toFixed(1)} Mo : ${said}`);
}

// Undo of a large import: from the click on « Annuler » to its toast.
{
  const [, text] = reviewFiles().find(([label]) => label.startsWith('4 Mo'));
  const times = [];
  for (let run = 0; run < 3; run++) {
    const page = await browser.newPage();
    await page.goto(`${server.url}#/echanges`);
    await appReady(page);
    await previewTime(page, 'commentaires.json', text);
    await page.getByRole('button', { name: 'Fusionner' }).click();
    await page.locator('.message-slot .banner-info').waitFor();
    const undo = page.getByRole('button', { name: /^Annuler/ }).first();
    await page.evaluate(() => {
      window.undone = new Promise((resolve) => {
        const start = performance.now();
        const seen = new MutationObserver(() => {
          if (/Annulé/.test(document.querySelector('.undo-said')?.textContent ?? '')) {
            seen.disconnect();
            resolve(performance.now() - start);
          }
        });
        seen.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
    });
    await undo.click();
    times.push(await page.evaluate(() => window.undone));
    await page.close();
  }
  console.log(`Annuler l’import de 4,7 Mo de changements commentés : ${ms(median(times))} (${times.map(Math.round).join(', ')})`);
}

/** A context whose storage holds the five-year history, packed by a first
 * load as the app packs it. */
async function withHistory(text = history) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}plan.json`);
  await page.evaluate(([key, text]) => localStorage.setItem(key, text), [MAIN_KEY, JSON.stringify(JSON.parse(text))]);
  await page.goto(`${server.url}#/`);
  await appReady(page);
  await page.waitForFunction((key) => localStorage.getItem(key).startsWith('vigie-z1'), MAIN_KEY, { timeout: 20_000 });
  return { context, page };
}

// Start-up: the app ready (hand-over done), with nothing stored and with
// the history stored, alternately.
{
  const empty = await browser.newContext();
  const { context: full } = await withHistory();
  const times = { empty: [], full: [] };
  for (let run = 0; run < 9; run++) {
    for (const [kind, context] of [['empty', empty], ['full', full]]) {
      const page = await context.newPage();
      await page.goto(`${server.url}#/`);
      await appReady(page);
      times[kind].push(await page.evaluate(() => performance.now()));
      await page.close();
    }
  }
  console.log(`Démarrage, application prête : vide ${ms(median(times.empty))}, avec cinq ans d’historique ${ms(median(times.full))} (écart ${ms(median(times.full) - median(times.empty))})`);
  await empty.close();
  await full.close();
}

// A save while typing, the history stored: the app's own timing of each save.
{
  const { context, page } = await withHistory();
  await page.goto(`${server.url}?chrono#/mesure/12`);
  await appReady(page);
  await page.getByLabel('Notes').click();
  await page.keyboard.press('Control+End');
  for (const c of ' Point complémentaire du jour.') {
    await page.keyboard.type(c);
    await page.waitForTimeout(350);
  }
  const saves = await page.evaluate(() => performance.getEntriesByName('vigie-sauvegarde').map((e) => e.duration));
  console.log(`Enregistrement pendant la frappe, cinq ans stockés : médiane ${median(saves).toFixed(2)} ms, 95e centile ${p95(saves).toFixed(2)} ms (${saves.length} enregistrements)`);
  // Three tabs open: the share of the quota, measured by filling it.
  for (const n of [20, 31]) {
    const other = await context.newPage();
    await other.goto(`${server.url}#/mesure/${n}`);
    await appReady(other);
    await other.getByLabel('Notes').click();
    await other.keyboard.type(' Ajout.');
    await other.waitForTimeout(600);
  }
  const { used, quota } = await page.evaluate(() => {
    let used = 0;
    for (const key of Object.keys(localStorage)) used += key.length + localStorage.getItem(key).length;
    let lo = 0;
    let hi = 12_000_000;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      try { localStorage.setItem('vigie.mesure', 'x'.repeat(mid)); lo = mid; } catch { hi = mid - 1; }
    }
    localStorage.removeItem('vigie.mesure');
    return { used, quota: used + lo + 'vigie.mesure'.length };
  });
  console.log(`Stockage, cinq ans et trois onglets ouverts : ${used.toLocaleString('fr-FR')} caractères sur ${quota.toLocaleString('fr-FR')} (${(100 * used / quota).toFixed(1)} % du quota)`);
  await context.close();
}

// A month's round-up: the 20 files of the five-year history split by
// person (five sent twice), chosen at once, in an empty browser and in one
// that holds the history but its last month. From the files chosen to the
// combined preview on screen, and the longest task meanwhile (the
// browser's Long Tasks API: every task over 50 ms).
{
  const dir = 'target/fixtures/tour-de-table';
  const names = readdirSync(dir).sort();
  const files = names.map((name) => ({ name, mimeType: 'application/json', buffer: readFileSync(`${dir}/${name}`) }));
  const size = files.reduce((n, f) => n + f.buffer.length, 0);
  const before = readFileSync('target/fixtures/equipe-5-ans-sauf-dernier-mois.json', 'utf8');
  for (const [label, stored] of [['navigateur vide', false], ['les cinq ans moins le dernier mois déjà là', true]]) {
    const runs = [];
    for (let run = 0; run < 5; run++) {
      const { context, page } = stored ? await withHistory(before) : await (async () => {
        const context = await browser.newContext();
        return { context, page: await context.newPage() };
      })();
      await page.goto(`${server.url}?chrono#/echanges`);
      await appReady(page);
      await page.evaluate(() => {
        window.longest = 0;
        new PerformanceObserver((list) => {
          // From the files handed over (Playwright's transfer of 5 MB is
          // the browser's task before the change event, not the app's).
          for (const e of list.getEntries().filter((e) => e.startTime >= (window.t0 ?? Infinity))) window.longest = Math.max(window.longest, e.duration);
        }).observe({ type: 'longtask' });
        window.previewShown = new Promise((resolve) => {
          document.getElementById('fichier-import').addEventListener('change', () => {
            const start = performance.now();
            window.t0 = start;
            const seen = new MutationObserver(() => {
              if (document.getElementById('titre-apercu')) {
                seen.disconnect();
                resolve(performance.now() - start);
              }
            });
            seen.observe(document.body, { childList: true, subtree: true });
          }, { capture: true, once: true });
        });
      });
      await page.locator('#fichier-import').setInputFiles(files);
      const shown = await page.evaluate(() => window.previewShown);
      await page.waitForTimeout(200);
      const timings = await page.evaluate(() => ({
        longest: window.longest,
        file: performance.getEntriesByName('vigie-tour-fichier').map((e) => e.duration),
        read: performance.getEntriesByName('vigie-lecture').map((e) => e.duration),
        preview: performance.getEntriesByName('vigie-tour-apercu').at(-1)?.duration ?? Number.NaN,
      }));
      runs.push({ shown, ...timings });
      await context.close();
    }
    const max = (xs) => Math.max(...xs);
    const longest = (rs) => {
      const worst = Math.max(...rs.map((r) => r.longest));
      return worst === 0 ? 'aucune tâche de plus de 50 ms' : `tâche la plus longue ${ms(worst)}`;
    };
    console.log(`Tour de table, ${files.length} fichiers (${(size / 1048576).toFixed(1)} Mo), ${label} : aperçu affiché en ${ms(median(runs.map((r) => r.shown)))} `
      + `(lecture la plus longue ${ms(median(runs.map((r) => max(r.read))))}, ajout le plus long ${ms(median(runs.map((r) => max(r.file))))}, `
      + `aperçu combiné ${ms(median(runs.map((r) => r.preview)))}) ; ${longest(runs)} (médianes de 5)`);
  }
}

// The team folder: 50 colleagues' files in an origin-private directory
// standing in for the shared folder (as in tests/e2e/folder.spec.js). The
// first scan reads them all; a later one, nothing having changed, only
// lists them; then one file changes and is read again.
{
  const dir = 'target/fixtures/tour-de-table';
  const sources = readdirSync(dir).sort().map((name) => readFileSync(`${dir}/${name}`, 'utf8'));
  const files = Array.from({ length: 50 }, (_, i) => [
    `vigie-collegue-${String(i).padStart(2, '0')}-${(0xa00000 + i).toString(16)}.json`,
    // Each its own bytes (a copy would be read once).
    sources[i % sources.length].replace(/"written_at":\s*(\d+)/, (_, n) => `"written_at":${Number(n) + i}`),
  ]);
  const size = files.reduce((n, [, text]) => n + text.length, 0);
  const runs = [];
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext();
    await context.addInitScript(() => {
      window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('equipe', { create: true });
    });
    const page = await context.newPage();
    await page.goto(`${server.url}?chrono#/parametres`);
    await appReady(page);
    await page.evaluate(async (files) => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('equipe', { create: true });
      for (const [name, text] of files) {
        const w = await (await dir.getFileHandle(name, { create: true })).createWritable();
        await w.write(text);
        await w.close();
      }
      window.longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.longest = Math.max(window.longest, e.duration);
      }).observe({ type: 'longtask' });
    }, files);
    await page.getByRole('button', { name: 'Relier un dossier d’équipe…' }).click();
    await page.waitForFunction(() => performance.getEntriesByName('vigie-dossier-passage').length >= 1, null, { timeout: 60_000 });
    const first = await page.evaluate(() => ({ scan: performance.getEntriesByName('vigie-dossier-passage')[0].duration, longest: window.longest }));
    await page.evaluate(() => { window.longest = 0; window.dispatchEvent(new Event('focus')); });
    await page.waitForFunction(() => performance.getEntriesByName('vigie-dossier-passage').length >= 2);
    const again = await page.evaluate(() => ({ scan: performance.getEntriesByName('vigie-dossier-passage')[1].duration, longest: window.longest }));
    await page.evaluate(async ([name, text]) => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('equipe');
      const w = await (await dir.getFileHandle(name)).createWritable();
      await w.write(text.replace(/"written_at":\s*(\d+)/, (_, n) => `"written_at":${Number(n) + 1000}`));
      await w.close();
      window.longest = 0;
      window.dispatchEvent(new Event('focus'));
    }, files[7]);
    await page.waitForFunction(() => performance.getEntriesByName('vigie-dossier-passage').length >= 3);
    const one = await page.evaluate(() => ({ scan: performance.getEntriesByName('vigie-dossier-passage')[2].duration, longest: window.longest }));
    runs.push({ first, again, one });
    await context.close();
  }
  const longest = (xs) => {
    const worst = Math.max(...xs);
    return worst === 0 ? 'aucune tâche de plus de 50 ms' : `tâche la plus longue ${ms(worst)}`;
  };
  for (const [key, label] of [['first', 'premier passage (tout lire)'], ['again', 'passage sans changement'], ['one', 'passage, un fichier changé']]) {
    console.log(`Dossier d’équipe, 50 fichiers (${(size / 1048576).toFixed(1)} Mo), ${label} : ${ms(median(runs.map((r) => r[key].scan)))} ; ${longest(runs.map((r) => r[key].longest))} (médianes de 3)`);
  }
}

await browser.close();
await server.close();

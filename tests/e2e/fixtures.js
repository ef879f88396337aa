// Every end-to-end test fails on any page error or console error: a blank
// page from a broken wasm (see TOOLCHAIN.md) must never pass.
import { test as base, expect } from '@playwright/test';
import { appReady, JOURNAL_PREFIX, MAIN_KEY } from '../../tools/vigie.mjs';

export { appReady };

/**
 * Makes `goto` and `reload` wait for the app, as a reader would, and records
 * page and console errors. `gotoBeforeApp` keeps the plain `goto`.
 */
function watch(page, problems) {
  page.gotoBeforeApp = page.goto.bind(page);
  for (const name of ['goto', 'reload']) {
    const navigate = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await navigate(...args);
      await appReady(page);
      return response;
    };
  }
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
}

export const test = base.extend({
  // Every page of the test's context, the default one and those a test
  // opens as other tabs alike.
  context: async ({ context }, use) => {
    const problems = [];
    context.on('page', (page) => watch(page, problems));
    await use(context);
    expect(problems, 'erreurs dans la page').toEqual([]);
  },
  // Other browsers (a colleague's machine), watched the same way:
  // `const other = await newContext({ … })`.
  newContext: async ({ browser }, use) => {
    const problems = [];
    const opened = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', ...options });
      context.on('page', (page) => watch(page, problems));
      opened.push(context);
      return context;
    });
    for (const context of opened) await context.close();
    expect(problems, 'erreurs dans la page').toEqual([]);
  },
});

/** Resolves once this tab has written its last change ("Enregistré à …"). */
export async function waitSaved(page) {
  await expect(page.locator('.save-state')).toContainText('Enregistré à');
}

/**
 * Every annotation key's document, as Vigie reads it: the main key (packed:
 * each part compressed by the browser, see core::files::persistence::pack; or
 * plain JSON) and each tab's journal. Written here again in JavaScript, so
 * that the tests check the stored format, not only the app's own reading.
 */
export function storedDocuments(page) {
  return page.evaluate(async ([main, journal]) => {
    const fromChars = (text, len) => {
      const out = new Uint8Array(len);
      let acc = 0, bits = 0, n = 0;
      for (const ch of text) {
        acc = (acc << 15) | (ch.codePointAt(0) - 0x20);
        bits += 15;
        while (bits >= 8 && n < len) { bits -= 8; out[n++] = (acc >> bits) & 0xff; }
        acc &= (1 << bits) - 1;
      }
      return out;
    };
    const inflate = (bytes) => new Response(new Blob([bytes]).stream()
      .pipeThrough(new DecompressionStream('deflate-raw'))).text();
    const read = async (text) => {
      if (!text.startsWith('vigie-z1')) return JSON.parse(text);
      const doc = { annotations: {} };
      for (const section of text.slice('vigie-z1'.length).split('\u0001').slice(1)) {
        const [name, len, chars] = section.split('\u0002');
        const part = JSON.parse(await inflate(fromChars(chars, Number(len))));
        if (name === 'entete') Object.assign(doc, part, { annotations: doc.annotations });
        else doc.annotations[name] = part;
      }
      return doc;
    };
    const out = {};
    for (const key of Object.keys(localStorage)) {
      if (key !== main && !key.startsWith(journal)) continue;
      try { out[key] = await read(localStorage.getItem(key)); } catch { /* not ours to judge here */ }
    }
    return out;
  }, [MAIN_KEY, JOURNAL_PREFIX]);
}

/**
 * Every change stored in any annotation key (the main key and each tab's
 * journal), as sorted JSON lines: equal lists mean nothing was added,
 * changed or lost, whichever key holds it.
 */
export async function storedChanges(page) {
  const out = new Set();
  for (const doc of Object.values(await storedDocuments(page))) {
    for (const [n, a] of Object.entries(doc.annotations ?? {})) {
      for (const c of a.changes ?? []) out.add(JSON.stringify([n, c]));
    }
  }
  return [...out].sort();
}

export { expect };

/** Opens Vigie at a hash route and waits for the app to render. */
export async function open(page, hash = '#/') {
  await page.goto(hash);
  await expect(page.locator('main#contenu')).toBeVisible();
}

/**
 * A plan text as shown, set beside the source's: without the *[sic]* marks
 * (and the corrections they read out), nor the typography the screen adds
 * (typographic apostrophes, narrow no-break spaces), so that what remains —
 * every letter and sign, in order — must be the source's exactly.
 */
export async function shownAsSource(locator) {
  const shown = await locator.evaluate((el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('.sic').forEach((s) => s.remove());
    return copy.textContent;
  });
  return asSource(shown);
}

/** A source text with spacing and apostrophes set aside (see `shownAsSource`). */
export const asSource = (text) => text.replace(/’/g, "'").replace(/\s+/g, '');

/** The numbers of the measures the list shows, once it is whole (a long
 * answer is built in steps, `aria-busy` meanwhile). */
export async function shownNumbers(page) {
  await expect(page.locator('.results[aria-busy]')).toHaveCount(0);
  return page.locator('article.measure').evaluateAll((els) => els.map((e) => Number(e.id.replace('mesure-', ''))));
}

/** Opens the exchange screen and chooses `file` (a path, or `{ name, mimeType, buffer }`; several make a round-up). */
export async function importFile(page, file) {
  await open(page, '#/echanges');
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles(file);
}

/** Exports this browser's annotations as they are; resolves to the file's path. */
export async function exportFile(page) {
  await open(page, '#/echanges');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter', exact: true }).click();
  // Unsigned exports are asked for a name first (briefing.spec.js); these
  // tests export as they are.
  const asked = page.getByRole('dialog').getByRole('button', { name: 'Exporter sans signature' });
  if (await Promise.race([downloading.then(() => false), asked.waitFor().then(() => true)])) await asked.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^vigie-annotations-\d{4}-\d{2}-\d{2}\.json$/);
  return download.path();
}

// Screenshots for a human to look at (`make screens`): every main screen at
// phone width and on a 1920×1080 projector into target/screens (or the
// folder given), then the README's pictures into docs/, each from the
// five-year history of a fifteen-person team (`make fixtures`), so that
// the README shows what a real team sees. Serves dist/ itself.
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';
import { serve } from './serve.mjs';
import { MAIN_KEY, appReady } from './vigie.mjs';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const out = process.argv[2] ?? 'target/screens';
const routes = (process.argv[3] ?? '#/,#/?q=blanchiment&objectif=3,#/mesure/1,#/mesure/22,#/glossaire').split(',');
const HISTORY = 'target/fixtures/equipe-5-ans.json';
// The README's pictures: file, window, address, and the element to frame
// (the whole window when none).
const README = [
  ['docs/capture.png', { width: 1366, height: 768 }, '#/?q=blanchiment&objectif=3'],
  ['docs/diapositive-mesure.png', { width: 1366, height: 768 }, '#/presentation/9?selection=1&objectif=2'],
  ['docs/vue-presentateur-1280.png', { width: 1280, height: 800 }, '#/presentation/9?selection=1&objectif=2&vue=presentateur'],
  ['docs/plan-dans-le-temps.png', { width: 1366, height: 900 }, '#/tableau-de-bord', 'section:has(#titre-temps)'],
];

mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/** A page whose storage starts with `seed` (an export), as if imported. */
async function pageWith(viewport, seed) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  if (seed) {
    await page.addInitScript(([key, text]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, text);
    }, [MAIN_KEY, seed]);
  }
  return { context, page };
}

/** Opens `route` and waits for the app, then for its fonts and a frame. */
async function open(page, route) {
  await page.goto(`${server.url}${route}`);
  await appReady(page, 'main#contenu');
  await page.evaluate(() => document.fonts.ready.then(() => new Promise(requestAnimationFrame)));
}

try {
  const seed = process.env.SEED ? readFileSync(process.env.SEED, 'utf8') : null;
  for (const [name, viewport] of [['phone', { width: 360, height: 780 }], ['projector', { width: 1920, height: 1080 }]]) {
    const { context, page } = await pageWith(viewport, seed);
    for (const [i, route] of routes.entries()) {
      await open(page, route);
      const file = `${out}/${name}-${i}.png`;
      await page.screenshot({ path: file, fullPage: name === 'phone' && process.env.FULL === '1' });
      console.log(file, route);
    }
    await context.close();
  }
  if (!existsSync(HISTORY)) throw new Error(`${HISTORY} manque : lancer make fixtures`);
  const history = readFileSync(HISTORY, 'utf8');
  for (const [file, viewport, route, element] of README) {
    const { context, page } = await pageWith(viewport, history);
    await open(page, route);
    await (element ? page.locator(element) : page).screenshot({ path: file });
    console.log(file, route);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

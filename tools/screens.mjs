// Screenshots of every screen at phone width and on a 1920×1080 projector,
// for a human to look at (`make screens`). Serves dist/ itself.
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';
import { serve } from './serve.mjs';
import { MAIN_KEY, appReady } from './vigie.mjs';
import { mkdirSync, readFileSync } from 'node:fs';

const out = process.argv[2] ?? 'target/screens';
const routes = (process.argv[3] ?? '#/,#/?q=blanchiment&objectif=3,#/mesure/1,#/mesure/22,#/glossaire').split(',');
mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});
try {
  for (const [name, viewport] of [['phone', { width: 360, height: 780 }], ['projector', { width: 1920, height: 1080 }]]) {
    const page = await browser.newPage({ viewport, locale: 'fr-FR' });
    // SEED=file.json: start from these annotations, as if imported.
    if (process.env.SEED) {
      const seed = readFileSync(process.env.SEED, 'utf8');
      await page.addInitScript(([key, text]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, text);
      }, [MAIN_KEY, seed]);
    }
    for (const [i, route] of routes.entries()) {
      await page.goto(`${server.url}${route}`);
      await appReady(page, 'main#contenu');
      await page.waitForTimeout(150);
      const file = `${out}/${name}-${i}.png`;
      await page.screenshot({ path: file, fullPage: name === 'phone' && process.env.FULL === '1' });
      console.log(file, route);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}

// `make bench`, import half in the browser: from a 5 MB file built to be
// slow being chosen to its preview on screen, timed in the page (the
// transfer of the file by Playwright is not the app's time). Five runs,
// prints the median; asserts nothing (see benches/import.rs for the core
// alone).
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tools/chromium.mjs';
import { serve } from '../../tools/serve.mjs';
import { appReady } from '../../tools/vigie.mjs';
import { adversarialFile } from '../../tools/adversarial-file.mjs';

const text = Buffer.from(adversarialFile());
const server = await serve();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const times = [];
for (let run = 0; run < 5; run++) {
  const page = await browser.newPage();
  await page.goto(`${server.url}#/echanges`);
  await appReady(page);
  await page.evaluate(() => {
    window.previewShown = new Promise((resolve) => {
      document.getElementById('fichier-import').addEventListener('change', () => {
        const start = performance.now();
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
  await page.locator('#fichier-import').setInputFiles({ name: 'lourd.json', mimeType: 'application/json', buffer: text });
  times.push(await page.evaluate(() => window.previewShown));
  await page.close();
}
await browser.close();
await server.close();
const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
console.log(`Aperçu d’un fichier de ${(text.length / 1048576).toFixed(1)} Mo fait pour ralentir : médiane ${Math.round(median)} ms (${times.map(Math.round).join(', ')})`);

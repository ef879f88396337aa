// `make dist`, between `trunk build` and tools/postbuild.mjs: writes the list
// screen into dist/index.html, as the release build itself renders it in
// Chromium with no saved annotations. The plan is then readable as soon as
// the HTML and CSS arrive, before the WebAssembly has loaded (or without it);
// src/ui/boot.rs hands over to the live app without anything moving.
//
// Rendered at phone width, where the filters panel is folded: on a wide
// screen the panel opens in its own grid column at hand-over, which moves
// nothing else, whereas the reverse would push the list down on a phone.
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';
import { serve } from './serve.mjs';
import { builtFiles, trunkLoader } from './trunk-output.mjs';
import { BOOTING } from './vigie.mjs';

const dir = process.argv[2] ?? 'dist';
const indexPath = join(dir, 'index.html');
const { html, glue, wasm, importLine, wasmLine, glueHash, wasmHash } = trunkLoader(dir);
const { split } = builtFiles(dir);
if (html.includes('data-prerendu=""')) throw new Error(`${indexPath} est déjà prérendu`);
const measures = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')).measures.length;

const server = await serve({ root: dir });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const errors = [];
  // sw.js is only written after this step (by postbuild): its absence is expected.
  page.on('pageerror', (e) => { if (!/ServiceWorker/.test(e.message)) errors.push(e.message); });
  await page.goto(`${server.url}#/`);
  await page.waitForFunction((n) => document.querySelectorAll('main#contenu article.measure').length === n, measures);
  if (errors.length) throw new Error(`erreurs pendant le prérendu : ${errors.join(' ; ')}`);

  const { title, nodes } = await page.evaluate(() => {
    // A button does nothing before the app arrives: it says so, rather
    // than ignore a click. Links, the search box, the sort and the folded
    // sections work at once (boot.rs carries them over).
    for (const button of document.querySelectorAll('button:not([disabled])')) {
      button.disabled = true;
      button.title = 'Disponible dans un instant, dès que Vigie a fini de se charger';
    }
    const nodes = [...document.body.children]
      .filter((e) => !['SCRIPT', 'LINK', 'NOSCRIPT'].includes(e.tagName))
      .map((e) => {
        e.setAttribute('data-prerendu', '');
        return e.outerHTML;
      });
    return { title: document.title, nodes };
  });
  // Leptos marks its dynamic ranges with empty comments; the static page
  // needs none of them (0.45 KB of gzip on the first load).
  const body = nodes.join('\n').replace(/<!--[^]*?-->/g, '');
  // What the app renders is text, never markup from a user; the prerendered
  // page must not carry a script the CSP would then have to allow.
  if (/<script|\son[a-z]+=/i.test(body)) throw new Error('le prérendu contient un script');
  // Nor an inline style, which the CSP (style-src 'self') would block.
  if (/\sstyle=/i.test(body)) throw new Error('le prérendu contient un style en ligne');
  const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  // Paint first, then load: the app's files (a third of a megabyte) no longer
  // compete with the style sheet for a slow network before the plan shows.
  // Trunk's preload hints go, and its loader waits for the first frame
  // (or 100 ms, in a tab that does not draw) before importing the glue.
  // The integrity hashes trunk put on its preload hints move to the loader:
  // a modulepreload added after the first frame for the glue, and the
  // fetch of the wasm.
  const out = html
    .replace(/<title>[^<]*<\/title>/, () => `<title>${escaped}</title>`)
    .replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '')
    .replace(importLine, () => [
      'await new Promise((go) => { requestAnimationFrame(() => setTimeout(go)); setTimeout(go, 100); });',
      `document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href: './${glue}', integrity: '${glueHash}', crossOrigin: 'anonymous' }));`,
      // The glue imports the split chunks' loader: fetched beside it, not after it.
      `document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href: './${split}', crossOrigin: 'anonymous' }));`,
      `const bindings = await import('./${glue}');`,
      'const init = bindings.default;',
    ].join('\n'))
    .replace(wasmLine, () => `module_or_path: fetch('./${wasm}', { integrity: '${wasmHash}' })`)
    .replace('<body>', () => `<body class="${BOOTING}">\n${body}`);
  writeFileSync(indexPath, out);
  console.log(`dist/index.html prérendu : ${measures} mesures, ${(body.length / 1024).toFixed(0)} Ko de HTML`);
} finally {
  await browser.close();
  await server.close();
}

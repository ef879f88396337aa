// `make bench`, browser half: bytes of the first load; time to the 55
// measures on screen, to the app ready and to a search typed at once
// filtering the list (on a first visit and on a second one), against a
// static HTML page of the same text, timed the same way, in the page
// itself; and the work a search keystroke causes (6 times each prefix of a
// phrase). All of it again with the CPU slowed 4 times. Prints medians;
// asserts nothing.
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tools/chromium.mjs';
import { serve } from '../../tools/serve.mjs';
import { BOOTING } from '../../tools/vigie.mjs';
import { builtFiles } from '../../tools/trunk-output.mjs';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const dist = 'dist';
const html = readFileSync(`${dist}/index.html`, 'utf8');
// Stylesheet links, and the glue and wasm the loader imports.
const assets = [...html.matchAll(/(?:href="|')\.?\/?([^"']+\.(?:js|wasm|css))["']/g)].map((m) => m[1]);
// The glue imports the loader of the split chunks (not the chunks: they
// load when their screen opens).
const files = [...new Set(['index.html', ...assets, builtFiles(dist).split])];
let raw = 0;
let gz = 0;
// What reading needs: the prerendered page and its stylesheet.
let reading = 0;
console.log('Premier chargement (octets) :');
for (const f of files) {
  const bytes = readFileSync(`${dist}/${f}`);
  const z = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += z;
  if (f === 'index.html' || f.endsWith('.css')) reading += z;
  console.log(`  ${f.padEnd(40)} ${String(bytes.length).padStart(8)} brut ${String(z).padStart(8)} gzip`);
}
console.log(`  ${'total'.padEnd(40)} ${String(raw).padStart(8)} brut ${String(gz).padStart(8)} gzip (lecture ≤ 25 000 : ${reading}, tout ≤ 360 000)`);

// A plain static page with the same plan text, as the yardstick.
const plan = JSON.parse(readFileSync(`${dist}/plan.json`, 'utf8'));
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
mkdirSync('target/bench', { recursive: true });
writeFileSync('target/bench/static.html', `<!doctype html><html lang="fr"><meta charset="utf-8"><title>${esc(plan.title)}</title><h1>${esc(plan.title)}</h1>${plan.objectives
  .map((o) => `<h2>${esc(o.title)}</h2>${plan.measures.filter((m) => m.objective === o.number)
    .map((m) => `<article class="measure"><h3>Mesure ${m.number}</h3><p>${esc(m.text)}</p></article>`).join('')}`).join('')}</html>`);

const server = await serve();
const staticServer = await serve({ root: 'target/bench' });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A new page, its CPU slowed `throttle` times (DevTools protocol), as on a slow phone. */
async function newPage(context, throttle) {
  const page = await context.newPage();
  if (throttle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  }
  return page;
}

// Three moments: the 55 measures on screen (from the prerendered page, for
// Vigie), the live app ready to use (src/ui/boot.rs handed over), and —
// typing « maroc » into the search box as soon as it shows — the list
// filtered by the app. A static page is ready as soon as it shows.
//
// Each is timed in the page itself, the same way for Vigie and for the
// static page: a MutationObserver installed before the document's first
// byte notes `performance.now()` (from navigation start) at the first DOM
// change after which the moment's condition holds, then again in the next
// animation frame (the frame that draws it: none comes while a stylesheet
// is awaited). Polling from here (`waitForFunction`) added its own delay,
// largest at a page's start, so it swelled the static page most and
// flattered every ratio: the static page took 128 to 188 ms so, against
// 34 to 54 ms in the page (docs/performance.md, 5 December).

/**
 * Runs in the page before its first byte (Playwright sends its source):
 * records when each of `wanted` first holds in `window.__moments[name]`,
 * as `{ dom, frame }`.
 */
function observe({ wanted, booting }) {
  const live = () => !document.body.classList.contains(booting);
  const holds = {
    shown: (n) => n === 55,
    ready: (n) => n === 55 && live(),
    filtered: (n) => n === 2 && live(),
  };
  const seen = (window.__moments = {});
  const observer = new MutationObserver(() => {
    const now = performance.now();
    const n = document.querySelectorAll('article.measure').length;
    for (const name of wanted) {
      if (!(name in seen) && document.body && holds[name](n)) {
        const moment = (seen[name] = { dom: now });
        requestAnimationFrame(() => (moment.frame = performance.now()));
      }
    }
    if (wanted.every((name) => name in seen)) observer.disconnect();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
}

/** A new browser context whose pages note when `wanted` moments come. */
async function observedContext(wanted) {
  const context = await browser.newContext();
  await context.addInitScript(observe, { wanted, booting: BOOTING });
  return context;
}

/** Waits until the page has drawn every one of `wanted`, and returns their times. */
async function moments(page, wanted, timeout = 60_000) {
  await page.waitForFunction((names) => names.every((name) => window.__moments?.[name]?.frame !== undefined), wanted, { timeout });
  return page.evaluate(() => window.__moments);
}

async function timeToMeasures(url, throttle) {
  const context = await observedContext(['shown', 'ready']);
  const page = await newPage(context, throttle);
  await page.goto(url, { waitUntil: 'commit' });
  const { shown, ready } = await moments(page, ['shown', 'ready']);
  await context.close();
  return { shown, ready };
}

// `again`: a second visit, as an official who opens Vigie every day makes
// it: the first page of the same browser context is loaded and left first
// (HTTP cache, service worker and V8's code cache warm).
async function timeToFiltered(throttle, again = false) {
  const context = await observedContext(['filtered']);
  if (again) {
    const first = await newPage(context, throttle);
    await first.goto(server.url);
    await first.waitForFunction((booting) => !document.body.classList.contains(booting), BOOTING);
    await first.waitForTimeout(1000);
    await first.close();
  }
  const page = await newPage(context, throttle);
  await page.goto(server.url, { waitUntil: 'commit' });
  // Typed in one go into whichever search box is there (the prerendered
  // one, or the app's once it has taken over), so that the hand-over can
  // never fall between finding the box and typing.
  await page.waitForSelector('#recherche');
  await page.evaluate(() => {
    const box = document.querySelector('#recherche');
    box.value = 'maroc';
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const { filtered } = await moments(page, ['filtered']);
  await context.close();
  return filtered;
}

/** The work a search keystroke causes, on `count` measures. */
async function keystrokes(name, url, count, throttle) {
  const context = await browser.newContext();
  const page = await newPage(context, throttle);
  await page.goto(url);
  await page.waitForFunction(
    ([n, booting]) => !document.body.classList.contains(booting) && document.querySelectorAll('article.measure').length === Math.min(n, 100),
    [count, BOOTING],
    { timeout: 180_000 },
  );
  const perKey = await page.evaluate(async () => {
    const input = document.getElementById('recherche');
    const typed = 'coopération internationale';
    const times = [];
    let late = 0;
    // The work a keystroke causes: Leptos's effects (microtasks), then the
    // style and layout the browser needs to draw the result. Waiting for a
    // timer instead would sometimes include a whole frame, sometimes not.
    const settle = async () => {
      for (let i = 0; i < 10; i++) await Promise.resolve();
      void document.body.offsetHeight;
    };
    for (let round = 0; round < 6; round++) {
      for (let n = 1; n <= typed.length; n++) {
        const t0 = performance.now();
        input.value = typed.slice(0, n);
        input.dispatchEvent(new Event('input'));
        await settle();
        times.push(performance.now() - t0);
        // Nothing may still be pending once settled.
        const seen = document.querySelector('.count').textContent;
        await new Promise((r) => setTimeout(r, 0));
        if (document.querySelector('.count').textContent !== seen) late++;
      }
      input.value = '';
      input.dispatchEvent(new Event('input'));
      await new Promise((r) => setTimeout(r, 0));
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1], late };
  });
  if (perKey.late) console.log(`  attention : ${perKey.late} frappes pas encore rendues une fois les microtâches passées`);
  const budget = throttle > 1 ? '' : ` (budget 95e centile ${count > 55 ? 50 : 16} ms)`;
  console.log(`  Frappe, script + style + mise en page (${name}) : médiane ${perKey.median.toFixed(2)} ms, 95e centile ${perKey.p95.toFixed(2)} ms, pire ${perKey.max.toFixed(1)} ms${budget}`);
  await context.close();
}

try {
  // BANC=frappe: the keystroke figures alone, unthrottled (while working on them).
  const only = process.env.BANC;
  // BANC=chargement: the first-load figures alone, unthrottled.
  for (const throttle of only ? [1] : [1, 4]) {
    if (only === 'frappe') {
      await keystrokes('plan réel', `${server.url}#/`, 55, throttle);
      await keystrokes('5 000 mesures', `${server.url}?banc=5000#/`, 5000, throttle);
      continue;
    }
    console.log(throttle > 1 ? `\nProcesseur ralenti ${throttle} × (DevTools) :` : '\nProcesseur normal :');
    // Interleaved, so that the machine's drift hits both sides alike.
    const apps = [];
    const plains = [];
    const filtered = [];
    const filteredAgain = [];
    const runs = throttle > 1 ? 7 : 15;
    for (let i = 0; i < runs; i++) {
      apps.push(await timeToMeasures(server.url, throttle));
      plains.push(await timeToMeasures(`${staticServer.url}static.html`, throttle));
      filtered.push(await timeToFiltered(throttle));
      filteredAgain.push(await timeToFiltered(throttle, true));
    }
    // Medians of the DOM times and of the frame times, each against the
    // static page's own.
    const at = (times) => ({ dom: median(times.map((t) => t.dom)), frame: median(times.map((t) => t.frame)) });
    const plain = at(plains.map((t) => t.shown));
    const figure = (t) =>
      `${t.dom.toFixed(1)} ms, rapport ${(t.dom / plain.dom).toFixed(2)} (à l’image : ${t.frame.toFixed(1)} ms, ${(t.frame / plain.frame).toFixed(2)})`;
    console.log(`  Page statique du même texte (médiane de ${runs}, dans la page) : ${plain.dom.toFixed(1)} ms (à l’image : ${plain.frame.toFixed(1)} ms)`);
    console.log(`  Vigie, 55 mesures à l’écran (page prérendue) : ${figure(at(apps.map((t) => t.shown)))} (budget 3)`);
    console.log(`  Vigie, application prête (relais pris)       : ${figure(at(apps.map((t) => t.ready)))}`);
    console.log(`  Vigie, « maroc » tapé dès que possible, liste filtrée : ${figure(at(filtered))}${throttle > 1 ? '' : ' (objectif : 250 ms quand la page statique en prenait 46, soit un rapport ≤ 5,4)'}`);
    console.log(`  Les mêmes, seconde visite (caches chauds)   : ${figure(at(filteredAgain))}`);
    if (only === 'chargement') continue;
    // Keystroke to DOM, on the real plan and on 5,000 synthetic measures
    // (`?banc=5000`, same code path, nothing saved, shown by pages of 100).
    await keystrokes('plan réel', `${server.url}#/`, 55, throttle);
    await keystrokes('5 000 mesures', `${server.url}?banc=5000#/`, 5000, throttle);
  }
} finally {
  await browser.close();
  await server.close();
  await staticServer.close();
}

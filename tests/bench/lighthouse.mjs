// `make bench`, Lighthouse half: scores of the served release build.
// Prints; asserts nothing.
import lighthouse from 'lighthouse';
import desktop from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tools/chromium.mjs';
import { serve } from '../../tools/serve.mjs';

const server = await serve();
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
});
try {
  // Desktop is how officials use Vigie (and the projector); the mobile
  // preset (slow 4G, slowed CPU) is reported too.
  for (const [name, config] of [['bureau', desktop], ['mobile', undefined]]) {
    const result = await lighthouse(server.url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
    }, config);
    const scores = Object.values(result.lhr.categories).map((c) => `${c.title} ${Math.round(c.score * 100)}`);
    const audits = result.lhr.audits;
    console.log(`Lighthouse ${result.lhr.lighthouseVersion}, ${name} (budget 95 chacun) : ${scores.join(' · ')}`);
    console.log(`  FCP ${audits['first-contentful-paint'].displayValue}, LCP ${audits['largest-contentful-paint'].displayValue}, TBT ${audits['total-blocking-time'].displayValue}, CLS ${audits['cumulative-layout-shift'].displayValue}`);
    const failing = Object.values(audits).filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary');
    for (const a of failing) console.log(`  à revoir : ${a.id} — ${a.title}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}

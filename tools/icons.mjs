// `node tools/icons.mjs`: draws the app's icons for the web app manifest
// (public/icone-192.png, icone-512.png, icone-masquable-512.png) from the
// same drawing as public/favicon.svg, in headless Chromium. Run by hand when
// the favicon changes; the PNGs are committed, so that the build downloads
// and draws nothing.
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

// The favicon's « V » on the blue square; the maskable icon keeps the mark
// inside the central 80 % that every launcher's mask leaves visible.
const icon = (size, inset) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 32 32">
  <rect width="32" height="32" rx="${inset ? 0 : 7}" fill="#000091"/>
  <g transform="translate(${inset * 16} ${inset * 16}) scale(${1 - inset})">
    <path d="M8 8l8 17 8-17" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/>
  </g>
</svg>`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage();
for (const [file, size, inset] of [['icone-192.png', 192, 0], ['icone-512.png', 512, 0], ['icone-masquable-512.png', 512, 0.2]]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0;background:transparent">${icon(size, inset)}</body>`);
  await page.locator('svg').screenshot({ path: `public/${file}`, omitBackground: true });
  console.log(`public/${file}`);
}
await browser.close();

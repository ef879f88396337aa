// `make single-file`: one self-contained vigie.html (WASM, JS, CSS and the
// plan inlined) that opens by double-click from a USB key (file://).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';

const dir = process.argv[2] ?? 'dist';
const out = process.argv[3] ?? 'vigie.html';
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const js = html.match(/'\.\/(vigie-[^']+\.js)'/)[1];
const wasm = html.match(/'\.\/(vigie-[^']+\.wasm)'/)[1];
const css = html.match(/href="\.\/(main-[^"]+\.css)"/)[1];
const icon = html.match(/rel="icon" href="\.\/([^"]+\.svg)"/)[1];

const glue = readFileSync(join(dir, js)).toString('base64');
const bytes = readFileSync(join(dir, wasm)).toString('base64');
const style = readFileSync(join(dir, css), 'utf8');
const favicon = readFileSync(join(dir, icon)).toString('base64');
// The loader imports the glue from a data: URL and hands it the wasm bytes,
// since file:// pages cannot fetch their neighbours.
const loader = `
const { default: init } = await import('data:text/javascript;base64,${glue}');
const wasm = Uint8Array.from(atob('${bytes}'), (c) => c.charCodeAt(0));
await init({ module_or_path: wasm });
`;
const sha = (s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' ${sha(loader)} data:`,
  `style-src ${sha(style)}`,
  'img-src data:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const head = html
  .slice(html.indexOf('<meta charset'), html.indexOf('<script type="module">'))
  .replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '')
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/g, '')
  // The address check only serves the prerendered list, which this file
  // leaves out: the app draws itself at once from a local file.
  .replace(/<!--[\s\S]*?-->\s*/g, '')
  .replace(/<script>[\s\S]*?<\/script>\s*/g, '');
writeFileSync(out, `<!doctype html>
<html lang="fr">
  <head>
    <meta http-equiv="Content-Security-Policy" content="${csp}" />
    ${head.trim()}
    <link rel="icon" href="data:image/svg+xml;base64,${favicon}" />
    <style>${style}</style>
    <script type="module">${loader}</script>
  </head>
  <body>
    <noscript><p>Vigie a besoin de JavaScript et de WebAssembly pour fonctionner.</p></noscript>
  </body>
</html>
`);
console.log(`${out} écrit (${(readFileSync(out).length / 1024).toFixed(0)} Ko)`);

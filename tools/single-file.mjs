// `make single-file`: one self-contained vigie.html (WASM, JS, CSS and the
// plan inlined) that opens by double-click from a USB key (file://).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import { builtFiles } from './trunk-output.mjs';

const dir = process.argv[2] ?? 'dist';
const out = process.argv[3] ?? 'vigie.html';
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const { glue: js, wasm, css, icon, split, chunks: chunkFiles } = builtFiles(dir);

const bytes = readFileSync(join(dir, wasm)).toString('base64');
const style = readFileSync(join(dir, css), 'utf8');
const favicon = readFileSync(join(dir, icon)).toString('base64');
// No plan.json beside this file: the footer's download link takes this one.
const planJson = readFileSync(join(dir, 'plan.json')).toString('base64');
// The glue and a loader that hands it the wasm bytes (file:// pages cannot
// fetch their neighbours), bundled by esbuild into the one inline module
// (hashed in the CSP), so that script-src needs no data: URL.
const entry = `import init from './${js}';
const vigieWasmBytes = Uint8Array.from(atob('${bytes}'), (c) => c.charCodeAt(0));
await init({ module_or_path: vigieWasmBytes });
`;
// The lazy screens' chunks (tools/split-output.mjs) come inlined too: their
// loader is handed each chunk's bytes where it would fetch a neighbour.
const inlineChunks = {
  name: 'morceaux-en-ligne',
  setup(build) {
    build.onLoad({ filter: new RegExp(`${split.replace('.', '\\.')}$`) }, (args) => {
      let chunks = 0;
      const contents = readFileSync(args.path, 'utf8').replace(
        /fetch\(new URL\(\s*"\.\/([^"]+\.wasm)",\s*import\.meta\.url\s*\)\)/g,
        (_, file) => {
          chunks += 1;
          const base64 = readFileSync(join(dir, file)).toString('base64');
          return `Promise.resolve(new Response(Uint8Array.from(atob("${base64}"), (c) => c.charCodeAt(0)), { headers: { "content-type": "application/wasm" } }))`;
        },
      );
      if (chunks !== chunkFiles.length || /\.wasm"/.test(contents)) {
        throw new Error(`${split} : ${chunks} morceaux embarqués sur ${chunkFiles.length} ; revoir tools/single-file.mjs`);
      }
      return { contents, loader: 'js' };
    });
  },
};
const loader = (await build({
  stdin: { contents: entry, resolveDir: dir, sourcefile: 'chargeur.js' },
  plugins: [inlineChunks],
  bundle: true,
  format: 'esm',
  minify: true,
  write: false,
  logLevel: 'silent',
})).outputFiles[0].text;
if (loader.includes('</script')) throw new Error('le code embarqué fermerait la balise <script>');
const sha = (s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
const csp = [
  "default-src 'none'",
  `script-src 'wasm-unsafe-eval' ${sha(loader)}`,
  `style-src ${sha(style)}`,
  'img-src data:',
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const head = html
  .slice(html.indexOf('<meta charset'), html.indexOf('<script type="module">'))
  .replace(/<link rel="(?:modulepreload|preload)"[^>]*>/g, '')
  // A file opened from a disk cannot be installed, and its CSP fetches
  // nothing: no manifest.
  .replace(/<link rel="manifest"[^>]*>\s*/g, '')
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
    <a id="plan-json" hidden href="data:application/json;base64,${planJson}"></a>
  </body>
</html>
`);
console.log(`${out} écrit (${(readFileSync(out).length / 1024).toFixed(0)} Ko)`);

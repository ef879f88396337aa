// Minifies what trunk 0.21 leaves as written: the wasm-bindgen glue and the
// stylesheet (trunk's own `minify` would also rewrite index.html, whose
// shape tools/prerender.mjs and tools/postbuild.mjs rely on). Each file
// keeps its name; its integrity hash in index.html is replaced. Saves about
// 3.4 KB of gzip on the first load (measured in the README).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { builtFiles } from './trunk-output.mjs';

const dir = process.argv[2] ?? 'dist';
const indexPath = join(dir, 'index.html');
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

let html = readFileSync(indexPath, 'utf8');
const { glue, css } = builtFiles(dir);
const report = [];
for (const [file, loader] of [[glue, 'js'], [css, 'css']]) {
  const path = join(dir, file);
  const before = readFileSync(path);
  const oldHash = integrity(before);
  if (!html.includes(oldHash)) {
    throw new Error(`index.html ne porte pas l’empreinte de ${file} ; revoir tools/minify.mjs`);
  }
  // esnext keeps the syntax as written: only spaces, comments and names go.
  const { code } = transformSync(before.toString('utf8'), { loader, minify: true, format: loader === 'js' ? 'esm' : undefined });
  writeFileSync(path, code);
  html = html.replaceAll(oldHash, integrity(Buffer.from(code)));
  report.push(`${file} ${(before.length / 1000).toFixed(1)} → ${(code.length / 1000).toFixed(1)} ko`);
}
writeFileSync(indexPath, html);
console.log(`minifié : ${report.join(', ')}`);

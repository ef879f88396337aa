// Trunk's post_build hook (Trunk.toml): puts the chunks that
// tools/split-link.sh split off the app's WebAssembly beside trunk's output,
// each named after its content, as trunk names its own files. The chunks'
// loader imports the glue by its hashed name, and the glue imports the
// loader by its own; the glue's integrity hash in index.html follows. In a
// release the chunks go through the same `wasm-opt -Oz` trunk runs on the
// main module.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SPLIT_LOADER } from './trunk-output.mjs';

const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const profile = process.env.TRUNK_PROFILE ?? 'release';
const targetDir = process.env.CARGO_TARGET_DIR ?? 'target';
const chunks = join(targetDir, 'wasm32-unknown-unknown', profile, 'vigie.split');
if (!existsSync(join(chunks, SPLIT_LOADER))) {
  throw new Error(`${chunks}/${SPLIT_LOADER} manque : tools/split-link.sh n’a pas découpé le WebAssembly`);
}
const contentName = (stem, ext, bytes) =>
  `${stem}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${ext}`;
const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const glues = readdirSync(dir).filter((n) => /^vigie-[0-9a-f]+\.js$/.test(n));
if (glues.length !== 1) throw new Error(`${glues.length} fichiers de code de liaison dans ${dir} ; revoir tools/split-output.mjs`);
const [glue] = glues;

let loader = readFileSync(join(chunks, SPLIT_LOADER), 'utf8');
const once = (text, from, to, what) => {
  const found = text.split(from).length - 1;
  if (found !== 1) throw new Error(`${what} : ${found} occurrences au lieu d’une ; revoir tools/split-output.mjs`);
  return text.replace(from, to);
};
const report = [];
for (const file of readdirSync(chunks).filter((f) => f.endsWith('.wasm'))) {
  const path = join(chunks, file);
  if (profile === 'release') {
    execFileSync('wasm-opt', ['-Oz', '--detect-features', path, '-o', `${path}.opt`]);
  }
  const bytes = readFileSync(profile === 'release' ? `${path}.opt` : path);
  const named = contentName(file.replace(/\.wasm$/, ''), 'wasm', bytes);
  writeFileSync(join(dir, named), bytes);
  loader = once(loader, `"./${file}"`, `"./${named}"`, `chunk ${file}`);
  report.push(`${named} ${(bytes.length / 1000).toFixed(1)} ko`);
}
loader = once(loader, 'from "./vigie.js"', `from "./${glue}"`, 'import du code de liaison');
const loaderName = contentName('split', 'js', loader);
writeFileSync(join(dir, loaderName), loader);

const gluePath = join(dir, glue);
const before = readFileSync(gluePath);
// Only the module the glue loads: the wasm still imports from SPLIT_LOADER
// by that name (the keys of the glue's import object).
const source = before.toString('utf8').replaceAll(`from "./${SPLIT_LOADER}"`, `from "./${loaderName}"`);
if (source === before.toString('utf8')) throw new Error(`${glue} n’importe pas ${SPLIT_LOADER} ; revoir tools/split-output.mjs`);
writeFileSync(gluePath, source);
const indexPath = join(dir, 'index.html');
const html = readFileSync(indexPath, 'utf8');
if (!html.includes(integrity(before))) throw new Error(`index.html ne porte pas l’empreinte de ${glue} ; revoir tools/split-output.mjs`);
writeFileSync(indexPath, html.replaceAll(integrity(before), integrity(Buffer.from(source))));
console.log(`découpé : ${loaderName}, ${report.join(', ')}`);

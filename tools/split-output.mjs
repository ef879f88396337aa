// Trunk's post_build hook (Trunk.toml): puts the chunks that
// tools/split-link.sh split off the app's WebAssembly beside trunk's output,
// each named after its content, as trunk names its own files. In a release
// the chunks go through the same `wasm-opt -Oz` trunk runs on the main
// module. The chunks' loader imports the glue and the glue imports the
// loader; trunk named the glue and the main wasm after the main wasm alone,
// so both are renamed after the main wasm and every chunk together (a
// release that changes only a chunk must not reuse a cached glue), and
// index.html follows.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentName, GLUE, integrity, SPLIT_LOADER, SPLIT_STAMP } from './trunk-output.mjs';

const fail = (what) => {
  throw new Error(`${what} ; revoir tools/split-output.mjs`);
};
const dir = process.env.TRUNK_STAGING_DIR ?? process.argv[2] ?? 'dist';
const profile = process.env.TRUNK_PROFILE ?? 'release';
const { target_directory: targetDir } = JSON.parse(
  execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps', '--offline'], { encoding: 'utf8' }),
);
const built = join(targetDir, 'wasm32-unknown-unknown', profile);
const chunks = join(built, 'vigie.split');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
// The chunks must be those split off the very module trunk shipped: an
// older split left in target/ would load against the wrong main module.
if (!existsSync(join(chunks, SPLIT_STAMP))) {
  fail(`${chunks}/${SPLIT_STAMP} manque : tools/split-link.sh n’a pas découpé le WebAssembly`);
}
if (readFileSync(join(chunks, SPLIT_STAMP), 'utf8').trim() !== sha256(readFileSync(join(built, 'vigie.wasm')))) {
  fail(`les morceaux de ${chunks} ne viennent pas de ${built}/vigie.wasm`);
}
const names = readdirSync(dir);
const glues = names.filter((n) => GLUE.test(n));
if (glues.length !== 1) fail(`${glues.length} fichiers de code de liaison dans ${dir}`);
const [glue] = glues;
const stem = glue.replace(/\.js$/, '');
const wasm = `${stem}_bg.wasm`;
if (!names.includes(wasm)) fail(`${wasm} manque dans ${dir}`);
const main = readFileSync(join(dir, wasm));
// The chunks reach the main module's function table by the name lld gave
// it, which wasm-bindgen keeps only when tools/bin/wasm-bindgen calls it.
if (!WebAssembly.Module.exports(new WebAssembly.Module(main)).some((e) => e.name === '__indirect_function_table')) {
  fail(`${wasm} n’exporte pas sa table de fonctions : construire par « make dist » ou « make serve », qui mettent tools/bin en tête du PATH`);
}

let loader = readFileSync(join(chunks, SPLIT_LOADER), 'utf8');
const once = (text, from, to, what) => {
  const found = text.split(from).length - 1;
  if (found !== 1) fail(`${what} : ${found} occurrences au lieu d’une`);
  return text.replace(from, to);
};
const release = createHash('sha256').update(main);
const report = [];
for (const file of readdirSync(chunks).filter((f) => f.endsWith('.wasm')).sort()) {
  const path = join(chunks, file);
  if (profile === 'release') {
    execFileSync('wasm-opt', ['-Oz', '--detect-features', path, '-o', `${path}.opt`]);
  }
  const bytes = readFileSync(profile === 'release' ? `${path}.opt` : path);
  release.update(bytes);
  const named = contentName(file.replace(/\.wasm$/, ''), 'wasm', bytes);
  writeFileSync(join(dir, named), bytes);
  loader = once(loader, `"./${file}"`, `"./${named}"`, `chunk ${file}`);
  report.push(`${named} ${(bytes.length / 1000).toFixed(1)} ko`);
}
// A host that does not serve .wasm as application/wasm still works, as the
// glue allows for the main module.
const streamed = 'WebAssembly.instantiateStreaming(src, imports)';
const found = loader.split(streamed).length - 1;
if (found !== report.length) fail(`${found} instanciations pour ${report.length} morceaux`);
loader = `${loader.replaceAll(streamed, 'instantiate(src, imports)')}
async function instantiate(pending, imports) {
    const response = await pending;
    if (response.headers.get("content-type") === "application/wasm") {
        return WebAssembly.instantiateStreaming(response, imports);
    }
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
`;

// The glue and the main wasm, named after the whole release's code.
const renamed = `vigie-${release.digest('hex').slice(0, 16)}`;
loader = once(loader, 'from "./vigie.js"', `from "./${renamed}.js"`, 'import du code de liaison');
const loaderName = contentName('split', 'js', loader);
writeFileSync(join(dir, loaderName), loader);

const before = readFileSync(join(dir, glue));
// Only the module the glue loads: the wasm still imports from SPLIT_LOADER
// by that name (the keys of the glue's import object).
const source = before.toString('utf8').replaceAll(`from "./${SPLIT_LOADER}"`, `from "./${loaderName}"`);
if (source === before.toString('utf8')) fail(`${glue} n’importe pas ${SPLIT_LOADER}`);
writeFileSync(join(dir, glue), source);
renameSync(join(dir, glue), join(dir, `${renamed}.js`));
renameSync(join(dir, wasm), join(dir, `${renamed}_bg.wasm`));
const indexPath = join(dir, 'index.html');
const html = readFileSync(indexPath, 'utf8');
if (!html.includes(integrity(before))) fail(`index.html ne porte pas l’empreinte de ${glue}`);
writeFileSync(indexPath, html.replaceAll(integrity(before), integrity(Buffer.from(source))).replaceAll(stem, renamed));
console.log(`découpé : ${renamed}, ${loaderName}, ${report.join(', ')}`);

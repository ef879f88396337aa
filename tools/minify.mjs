// Minifies what trunk 0.21 leaves as written: the wasm-bindgen glue and the
// stylesheet (trunk's own `minify` would also rewrite index.html, whose
// shape tools/prerender.mjs and tools/postbuild.mjs rely on). The glue, the
// wasm and the stylesheet keep their names, and their integrity hashes in
// index.html are replaced; the chunks' loader, renamed here, takes a name
// from its new content. Saves about
// 3.4 KB of gzip on the first load (measured in docs/performance.md).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';
import { builtFiles, contentName, integrity, SPLIT_LOADER } from './trunk-output.mjs';

const dir = process.argv[2] ?? 'dist';
const indexPath = join(dir, 'index.html');

let html = readFileSync(indexPath, 'utf8');
const { glue, css, wasm, split } = builtFiles(dir);
const report = [];

// 1. The names the WebAssembly and its glue call each other by. wasm-bindgen
// gives each import a 16-hex-digit suffix (`__wbg_location_7320782274fc691b`)
// that no compressor can shrink; binaryen renames them (`a`, `b`…) and
// prints the mapping, which the glue then follows. Every name must be found
// exactly where expected, or the build stops.
{
  const path = join(dir, wasm);
  const before = readFileSync(path);
  const renamed = `${path}.noms`;
  const printed = execFileSync('wasm-opt', [path, '--detect-features', '--minify-imports-and-exports-and-modules', '-o', renamed], { encoding: 'utf8' });
  const map = JSON.parse(printed.slice(printed.indexOf('{'), printed.lastIndexOf('}') + 1));
  const after = readFileSync(renamed);
  rmSync(renamed);
  const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(before)).map((i) => i.module));
  const newModules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(after)).map((i) => i.module));
  const expected = ['./vigie_bg.js', `./${SPLIT_LOADER}`];
  if (modules.size !== 2 || !expected.every((m) => modules.has(m)) || newModules.size !== 1) {
    throw new Error(`modules importés inattendus (${[...modules]}) ; revoir tools/minify.mjs`);
  }
  const [module] = newModules;
  const gluePath = join(dir, glue);
  let source = readFileSync(gluePath, 'utf8');
  const once = (pattern, replacement, what) => {
    const found = source.match(pattern)?.length ?? 0;
    if (found !== 1) throw new Error(`${what} : ${found} occurrences dans ${glue} au lieu d’une ; revoir tools/minify.mjs`);
    source = source.replace(pattern, replacement);
  };
  const escape = (name) => name.replace(/[$]/g, '\\$');
  // binaryen merges both modules into one: the chunk loaders join the
  // wasm-bindgen imports under their short names.
  const loaders = [];
  for (const [from, name, short] of map.imports) {
    if (from === `./${SPLIT_LOADER}`) {
      loaders.push(`${JSON.stringify(short)}: split.${name}`);
      continue;
    }
    once(new RegExp(`\\b${escape(name)}(?=: function)`, 'g'), JSON.stringify(short), `import ${name}`);
  }
  source = source.replace(new RegExp(`\\s*"\\./${escape(SPLIT_LOADER).replace('.', '\\.')}": import\\d+,`, 'g'), '');
  once(/^import \* as import1 from ("\.\/split-[0-9a-f]+\.js")$/gm, 'import * as split from $1', 'import du chargeur');
  source = source.replace(/^import \* as import\d+ from "\.\/split-[0-9a-f]+\.js"\n/gm, '');
  once(/"\.\/vigie_bg\.js": import0/g, `${JSON.stringify(module)}: Object.assign(import0, { ${loaders.join(', ')} })`, 'module importé');
  if (source.includes(SPLIT_LOADER)) throw new Error(`${glue} nomme encore ${SPLIT_LOADER} ; revoir tools/minify.mjs`);
  for (const [name, short] of map.exports) {
    const uses = new RegExp(`\\bwasm\\.${escape(name)}\\b`, 'g');
    if (!uses.test(source)) continue; // exported, unused by the glue (the start function)
    source = source.replace(uses, `wasm[${JSON.stringify(short)}]`);
  }
  if (/\bwasm\.[A-Za-z_]/.test(source)) throw new Error(`${glue} appelle encore un export par son nom ; revoir tools/minify.mjs`);
  // The chunk loader takes the main module's memory, table and stack
  // pointer from its exports: by their new names now. It is renamed after
  // its new content, and the glue follows.
  const exported = new Map(map.exports);
  const splitPath = join(dir, split);
  let loader = readFileSync(splitPath, 'utf8');
  const shared = /const \{ ([^}]*?),?\s*\} = initSync\(undefined, undefined\);/;
  const names = loader.match(shared)?.[1].split(',').map((n) => n.trim()).filter(Boolean);
  if (!names?.length || !names.every((n) => exported.has(n))) throw new Error(`${split} : exports partagés méconnus ; revoir tools/minify.mjs`);
  loader = loader.replace(shared, `const { ${names.map((n) => `${JSON.stringify(exported.get(n))}: ${n}`).join(', ')} } = initSync(undefined, undefined);`);
  loader = transformSync(loader, { loader: 'js', minify: true, format: 'esm' }).code;
  const splitName = contentName('split', 'js', loader);
  rmSync(splitPath);
  writeFileSync(join(dir, splitName), loader);
  once(new RegExp(`"\\./${split.replace('.', '\\.')}"`, 'g'), JSON.stringify(`./${splitName}`), 'nom du chargeur');
  const glueHash = integrity(readFileSync(gluePath));
  if (!html.includes(glueHash)) throw new Error(`index.html ne porte pas l’empreinte de ${glue} ; revoir tools/minify.mjs`);
  writeFileSync(gluePath, source);
  html = html.replaceAll(glueHash, integrity(Buffer.from(source)));
  const oldHash = integrity(before);
  if (!html.includes(oldHash)) throw new Error(`index.html ne porte pas l’empreinte de ${wasm} ; revoir tools/minify.mjs`);
  writeFileSync(path, after);
  html = html.replaceAll(oldHash, integrity(after));
  report.push(`${wasm} : ${map.imports.length} imports et ${map.exports.length} exports renommés`);
}

// 2. The glue and the stylesheet, minified.
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

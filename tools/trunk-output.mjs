// What `trunk build` wrote into dist/: the files it names with content
// hashes, and its loader in index.html with their integrity hashes. The one
// place that knows the shape of trunk 0.21's output; any other shape stops
// the build with a message saying what to check.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const fail = (what) => {
  throw new Error(`sortie de trunk méconnue (${what}) ; revoir tools/trunk-output.mjs`);
};

/** The name wasm-split-cli gives the loader of the split chunks. */
export const SPLIT_LOADER = '__wasm_split.js';
/** The hash of the main module tools/split-link.sh split the chunks off. */
export const SPLIT_STAMP = 'main.sha256';

/** The glue's file name as trunk writes it (`vigie-<hash>.js`). */
export const GLUE = /^vigie-[0-9a-f]+\.js$/;

/** A file name after its content, as trunk names its own: `stem-<16 hex>.ext`. */
export const contentName = (stem, ext, bytes) =>
  `${stem}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${ext}`;

/** The integrity attribute trunk gives a file in index.html. */
export const integrity = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** The hashed files of a build: glue, wasm, stylesheet, icon, split chunks. */
export function builtFiles(dir = 'dist') {
  const names = readdirSync(dir);
  const one = (pattern, what) => {
    const found = names.filter((n) => pattern.test(n));
    return found.length === 1 ? found[0] : fail(`${found.length} fichiers ${what} dans ${dir}`);
  };
  return {
    glue: one(GLUE, 'de code de liaison'),
    wasm: one(/^vigie-[0-9a-f]+_bg\.wasm$/, 'WebAssembly'),
    css: one(/^main-[0-9a-f]+\.css$/, 'de style'),
    icon: one(/^favicon-[0-9a-f]+\.svg$/, 'd’icône'),
    // Written by tools/split-output.mjs: the loader of the lazy chunks, and
    // the chunks themselves (screens loaded on first use).
    split: one(/^split-[0-9a-f]+\.js$/, 'chargeur de morceaux'),
    chunks: names.filter((n) => n.endsWith('.wasm') && !/^vigie-/.test(n)),
  };
}

/**
 * Trunk's loader as it wrote it in index.html (before tools/prerender.mjs
 * rewrites it): the import line of the glue, the line that names the wasm,
 * and the integrity hash trunk gave each file on its preload hint.
 */
export function trunkLoader(dir = 'dist') {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const { glue, wasm } = builtFiles(dir);
  const importLine = `import init, * as bindings from './${glue}';`;
  const wasmLine = `module_or_path: './${wasm}'`;
  if (!html.includes(importLine)) fail("ligne d'import du code de liaison");
  if (!html.includes(wasmLine)) fail('chemin du WebAssembly');
  const integrity = (file) =>
    html.match(new RegExp(`href="\\./${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*integrity="([^"]+)"`))?.[1]
    ?? fail(`empreinte d’intégrité de ${file}`);
  return { html, glue, wasm, importLine, wasmLine, glueHash: integrity(glue), wasmHash: integrity(wasm) };
}

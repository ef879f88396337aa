// Writes .gz and .br beside every text asset of a release build, so that a
// static host that serves pre-compressed files (nginx gzip_static, brotli_static,
// Caddy precompressed) sends the smallest bytes without compressing per request.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join, extname } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const compressible = new Set(['.html', '.js', '.wasm', '.css', '.json', '.svg', '.webmanifest', '.txt']);

for (const name of readdirSync(dir, { recursive: true })) {
  const path = join(dir, name);
  if (!statSync(path).isFile() || !compressible.has(extname(path))) continue;
  const bytes = readFileSync(path);
  writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  writeFileSync(`${path}.br`, brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }));
}

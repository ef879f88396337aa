// A minimal static host for tests, screenshots, prerendering and
// benchmarks: serves a directory under a sub-path (/vigie/) to prove that
// the build only uses relative URLs. In-process, so that callers wait for
// it to listen rather than sleep and hope.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';

export const BASE = '/vigie/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `root` on 127.0.0.1:`port` (0: any free port) and resolves once it
 * listens, with its address and a way to stop it. `cacheControl` is the
 * header every file gets.
 */
export async function serve({ root = 'dist', port = 0, cacheControl = 'no-cache' } = {}) {
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    // robots.txt belongs at the host's root; serve the one dist/ ships.
    if (path === '/robots.txt') path = `${BASE}robots.txt`;
    if (!path.startsWith(BASE)) {
      res.writeHead(302, { location: BASE }).end();
      return;
    }
    const rel = normalize(path.slice(BASE.length) || 'index.html');
    if (rel.startsWith('..')) {
      res.writeHead(400).end();
      return;
    }
    try {
      const body = await readFile(join(typeof root === 'function' ? root() : root, rel));
      res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream', 'cache-control': cacheControl });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('introuvable');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}${BASE}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

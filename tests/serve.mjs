// A minimal static host for the end-to-end tests: serves dist/ under a
// sub-path (/vigie/) to prove that the build only uses relative URLs.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, extname } from 'node:path';

const root = process.env.DIST ?? 'dist';
const port = Number(process.env.PORT ?? 4173);
const base = '/vigie/';
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
};

createServer(async (req, res) => {
  let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  // robots.txt belongs at the host's root; serve the one dist/ ships.
  if (path === '/robots.txt') path = `${base}robots.txt`;
  if (!path.startsWith(base)) {
    res.writeHead(302, { location: base }).end();
    return;
  }
  const rel = normalize(path.slice(base.length) || 'index.html');
  if (rel.startsWith('..')) { res.writeHead(400).end(); return; }
  try {
    const body = await readFile(join(root, rel));
    res.writeHead(200, { 'content-type': types[extname(rel)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('introuvable');
  }
}).listen(port, '127.0.0.1', () => console.log(`dist/ servi sur http://127.0.0.1:${port}${base}`));

import { test, expect, open, appReady } from './fixtures.js';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

test('la politique de sécurité du contenu ne bloque rien sur aucun écran', async ({ page }) => {
  const violations = [];
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await open(page, '#/');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  expect(csp).not.toContain('unsafe-inline');
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill('maroc');
  await open(page, '#/mesure/35');
  await page.getByLabel('Statut', { exact: true }).selectOption({ label: '◐ En cours' });
  await page.getByRole('spinbutton', { name: 'Avancement (%)' }).fill('60');
  await page.getByRole('spinbutton', { name: 'Avancement (%)' }).press('Tab');
  for (const route of ['#/tableau-de-bord', '#/glossaire', '#/parametres', '#/echanges', '#/dossier', '#/presentation/1', '#/presentation/2']) {
    await open(page, route);
  }
  expect(violations).toEqual([]);
});

test('des chaînes hostiles dans un fichier importé restent du texte', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  const valid = JSON.parse(readFileSync('tests/fixtures/import/valide.json', 'utf8'));
  const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  const change = (n, field, value) => ({ at: `1790000000000.${n}.00000000dead`, by: hostile, field, value });
  valid.annotations['17'].changes.push(
    change(1, 'notes', hostile),
    change(2, 'pilote', hostile),
    change(3, 'links', [{ label: 'piège', url: 'javascript:alert(3)' }, { label: hostile, url: 'https://example.org/' }]),
  );
  valid.author.name = hostile;
  await open(page, '#/echanges');
  await page.getByLabel('Importer des fichiers (.json ou .csv)').setInputFiles({
    name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(valid)),
  });
  await expect(page.getByText(`Exporté par ${hostile}`)).toBeVisible();
  await page.getByRole('button', { name: 'Fusionner' }).click();
  await open(page, '#/mesure/17');
  await expect(page.getByLabel('Notes')).toHaveValue(hostile);
  await expect(page.getByRole('link', { name: 'piège' })).toHaveCount(0);
  await expect(page.getByText('javascript:alert(3)')).toBeVisible();
  const safe = page.getByRole('link', { name: hostile });
  await expect(safe).toHaveAttribute('rel', 'noopener noreferrer');
  await open(page, '#/');
  await expect(page.locator('#mesure-17 .measure-tracking')).toContainText(hostile);
  await expect(page.locator('main img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('une fois ouverte, Vigie se rouvre sans réseau', async ({ page, context }) => {
  await open(page, '#/');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('article.measure')).toHaveCount(55);
  await open(page, '#/mesure/9');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Mesure 9');
  // Screens split off the main WebAssembly (src/ui/lazy.rs) come from the
  // cache too, though this visit never opened them online.
  await open(page, '#/tableau-de-bord');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await open(page, '#/echanges');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Échanger les annotations');
  await open(page, '#/presentation/2');
  await expect(page.locator('.slide').first()).toBeVisible();
  await context.setOffline(false);
});

test('un écran qu’on ne peut pas charger le dit, sans rien perdre ni bloquer le reste', async ({ browser }) => {
  // A first visit with no service worker yet, then the network goes: the
  // dashboard's chunk cannot come. (A console error is expected here: the
  // browser reports the failed fetch.)
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('#/mesure/4');
  await appReady(page);
  await page.getByLabel('Notes').click();
  await page.keyboard.type('Point à revoir');
  await expect(page.locator('.save-state')).toContainText('Enregistré à');
  await context.setOffline(true);
  await page.getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.getByRole('alert')).toContainText('la connexion semble coupée');
  await page.getByRole('link', { name: 'Revenir au plan' }).click();
  await expect(page.locator('#mesure-4 .measure-tracking')).toBeVisible();
  await page.goto('#/mesure/4');
  await expect(page.getByLabel('Notes')).toHaveValue('Point à revoir');
  // Back online, the same screen loads: a failed load is not remembered.
  await context.setOffline(false);
  await page.getByRole('link', { name: 'Tableau de bord' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  expect(errors).toEqual([]);
  await context.close();
});

test('une nouvelle version se charge même quand l’hébergeur envoie max-age=3600', async ({ newContext }) => {
  // Two releases served in turn from one address, every file with a one-hour cache.
  const root = mkdtempSync(join(tmpdir(), 'vigie-versions-'));
  const release = (name, marker) => {
    const dir = join(root, name);
    cpSync('dist', dir, { recursive: true });
    const index = join(dir, 'index.html');
    writeFileSync(index, readFileSync(index, 'utf8').replace('<meta charset="utf-8" />', `<meta charset="utf-8" /><meta name="version" content="${marker}" />`));
    const sw = join(dir, 'sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const CACHE = "([^"]+)"/, `const CACHE = "$1-${name}"`));
    return dir;
  };
  let served = release('a', 'Version A');
  const later = release('b', 'Version B');
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/vigie\//, '') || 'index.html';
    try {
      const body = readFileSync(join(served, path));
      const type = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' }[extname(path)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'max-age=3600' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/vigie/`;
  try {
    const page = await (await newContext()).newPage();
    await page.goto(url);
    const version = page.locator('meta[name="version"]');
    await expect(version).toHaveAttribute('content', 'Version A');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      }
    });
    served = later;
    await page.reload();
    await expect(version).toHaveAttribute('content', 'Version B');
    await expect(page.locator('article.measure')).toHaveCount(55);
  } finally {
    server.close();
  }
});

test('un écran dont le morceau a disparu (version plus récente en ligne) demande de recharger la page', async ({ browser }) => {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // The release was replaced on the host after this tab opened.
  await context.route(/\/split_echanges-[0-9a-f]+\.wasm$/, (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto('#/');
  await appReady(page);
  await page.getByRole('link', { name: 'Échanges', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Vigie a sans doute été mise à jour');
  await expect(page.getByRole('alert')).toContainText('Rechargez la page');
  await context.close();
});

test('un hébergeur qui sert les morceaux sans le type application/wasm ne bloque aucun écran', async ({ newContext }) => {
  const context = await newContext({ serviceWorkers: 'block' });
  await context.route(/\/(split|chunk)_[^/]+\.wasm$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
  });
  const page = await context.newPage();
  await open(page, '#/tableau-de-bord');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
});

test('vigie.html s’ouvre seule depuis un fichier et garde les annotations', async ({ browser }) => {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-'));
  const file = join(dir, 'vigie.html');
  execFileSync('node', ['tools/single-file.mjs', 'dist', file]);
  const csp = readFileSync(file, 'utf8').match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  const scripts = csp.split(';').find((d) => d.trim().startsWith('script-src'));
  expect(scripts).not.toContain('data:');
  expect(scripts).not.toContain('unsafe-inline');
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const url = pathToFileURL(file).href;
  await page.goto(`${url}#/`);
  await expect(page.locator('article.measure')).toHaveCount(55);
  const planLink = page.getByRole('link', { name: 'Télécharger le plan (JSON)' });
  const planHref = await planLink.getAttribute('href');
  expect(JSON.parse(Buffer.from(planHref.split(',')[1], 'base64').toString('utf8')).measures).toHaveLength(55);
  await page.goto(`${url}#/mesure/5`);
  await page.getByLabel('Statut', { exact: true }).selectOption({ label: '✓ Réalisée' });
  await expect(page.locator('.save-state')).toContainText('Enregistré à');
  await page.reload();
  await expect(page.getByLabel('Statut', { exact: true })).toHaveValue('realisee');
  // The screens split off the main WebAssembly are inlined as well.
  await page.goto(`${url}#/tableau-de-bord`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tableau de bord');
  await expect(page.locator('main')).toContainText('1 mesure réalisée sur 55');
  await page.goto(`${url}#/presentation/1`);
  await expect(page.locator('.slide').first()).toBeVisible();
  expect(problems).toEqual([]);
  await context.close();
});

// What every page-test file shares: the built UI (ui/dist) served locally, Debian's Chromium
// under playwright-core, and `open()`, a fresh page whose Rust shell is fake-backend.js
// (through @tauri-apps/api/mocks). Screenshots of failures go to ../tests/artifacts/page/.
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, '../../dist');
export const artifacts = join(here, '../../../tests/artifacts/page');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

const mocksSource = (await readFile(join(here, '../../node_modules/@tauri-apps/api/mocks.js'), 'utf8'))
  .replace(/^export \{[^}]*\};?\s*$/m, '');
const fakeSource = await readFile(join(here, 'fake-backend.js'), 'utf8');

function initScript(opts) {
  return `(() => { ${mocksSource}\n window.__tauriMocks = { mockIPC, mockWindows }; })();\n${fakeSource}\nwindow.__installFake(${JSON.stringify(opts)});`;
}

let server;
let baseUrl;
let browser;
let page;

before(async () => {
  assert.ok(existsSync(join(dist, 'index.html')), 'ui/dist is missing: run `npm run build` first');
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dist, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

afterEach(async (t) => {
  if (page && t.passed === false) {
    await mkdir(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `${t.name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  }
  await page?.context().close();
  page = undefined;
});

export async function open(opts = {}, locale = 'es-MX') {
  const context = await browser.newContext({ locale, timezoneId: 'America/Mexico_City', viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.setDefaultTimeout(5000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await context.addInitScript(initScript(opts));
  await page.goto(baseUrl);
  page.errors = errors;
  return page;
}

/** Saves a screenshot of the window (or of `locator`'s element) to tests/artifacts/page/<name>.png, to look at. */
export async function screenshot(name, locator) {
  await mkdir(artifacts, { recursive: true });
  await (locator ?? page).screenshot({ path: join(artifacts, `${name}.png`) });
}


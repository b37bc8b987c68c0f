// End-to-end journey through the real app window: tauri-driver + WebKitWebDriver drive a
// debug build with the UI embedded (`--features custom-protocol`), with a temporary data
// folder, and save dialogs answered by EXPEDIENTE_TEST_SAVE_DIR (debug builds only).
//
//   cd ui && npm run build && cd .. && cargo build -p expediente --features custom-protocol
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/run.mjs
//
// Screenshots: tests/artifacts/e2e/ (on failure), and with SCREENSHOTS=DIR the journey's
// main screens are saved there (used for ui/docs/).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const app = process.env.EXPEDIENTE_BIN ?? join(root, 'target/debug/expediente');
const driverBin = process.env.TAURI_DRIVER ?? [join(root, '.tools/bin/tauri-driver'), join(process.env.HOME ?? '', '.cargo/bin/tauri-driver')].find(existsSync) ?? 'tauri-driver';
const port = Number(process.env.E2E_PORT ?? 4444);
const shots = process.env.SCREENSHOTS;
const artifacts = join(root, 'tests/artifacts/e2e');
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!process.env.DISPLAY) {
  console.error('no DISPLAY: run under xvfb-run -a -s "-screen 0 1280x800x24"');
  process.exit(2);
}
assert.ok(existsSync(app), `${app} is missing: build it with cargo build -p expediente --features custom-protocol`);

const dataDir = await mkdtemp(join(tmpdir(), 'expediente-e2e-data-'));
const saveDir = await mkdtemp(join(tmpdir(), 'expediente-e2e-save-'));
// The PNG the "open files" dialog returns when evidence is added (the app's own icon).
const receipt = join(dataDir, '..', `recibo-${Date.now()}.png`);
await writeFile(receipt, await readFile(join(root, 'src-tauri/icons/128x128.png')));
const driver = spawn(driverBin, ['--port', String(port)], {
  env: { ...process.env, EXPEDIENTE_TEST_SAVE_DIR: saveDir, EXPEDIENTE_TEST_OPEN_FILES: receipt, EXPEDIENTE_DATA_DIR: dataDir },
  stdio: ['ignore', 'inherit', 'inherit'],
});

async function wd(method, path, body) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

let session;
const s = (p) => `/session/${session}${p}`;

async function find(css, timeout = 8000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      const v = await wd('POST', s('/element'), { using: 'css selector', value: css });
      return v[ELEMENT];
    } catch (e) {
      if (Date.now() > end) throw new Error(`element ${css} not found: ${e.message}`);
      await sleep(150);
    }
  }
}
async function click(css) {
  const el = await find(css);
  await wd('POST', s('/execute/sync'), { script: 'arguments[0].scrollIntoView({block: "center"})', args: [{ [ELEMENT]: el }] });
  return wd('POST', s(`/element/${el}/click`), {});
}
const text = async (css) => wd('GET', s(`/element/${await find(css)}/text`));
const type = async (css, value) => wd('POST', s(`/element/${await find(css)}/value`), { text: value });
const run = (script, ...args) => wd('POST', s('/execute/sync'), { script, args });
// Sets an input's value the way a user edit would (bind:value listens to `input`).
const setValue = (css, value) =>
  run(`const el = document.querySelector(arguments[0]); el.value = arguments[1]; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));`, css, value);
async function waitFor(predicate, what, timeout = 8000) {
  const end = Date.now() + timeout;
  while (!(await predicate())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
  }
}
async function screenshot(dir, name) {
  await sleep(300);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.png`), Buffer.from(await wd('GET', s('/screenshot')), 'base64'));
}

let failed = false;
try {
  for (let i = 0; ; i++) {
    try {
      await wd('GET', '/status');
      break;
    } catch {
      if (i > 100) throw new Error('tauri-driver did not start');
      await sleep(100);
    }
  }
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app, args: ['--data-dir', dataDir] } } },
  });
  session = created.sessionId;

  // First run: profile, then an empty start.
  await type('#claimant-full_name', 'Ana López Ñúñez');
  await type('#claimant-email', 'ana@example.com');
  await click('[data-testid="claimant-save"]');
  await click('[data-testid="welcome-empty"]');

  // Create a case with a new company.
  await type('#case-title', 'Cobro indebido en recibo de octubre');
  await type('#company-trade_name', 'Telefónica Uno');
  await type('#case-amount', '1,234.50');
  await click('[data-testid="case-save"]');
  await waitFor(async () => (await text('[data-testid="case-title"]')) === 'Cobro indebido en recibo de octubre', 'the case view');

  // Log an attempt in the future: the Rust validation error shows beside the field.
  await click('[data-testid="log-attempt"]');
  await setValue('#at-happened_at', '2099-01-01T10:00');
  await type('#at-reference', 'FOL-123');
  await type('#at-agent', 'Luis');
  await click('[data-testid="attempt-save"]');
  await find('[data-field-error="at-happened_at"]');
  assert.equal(await run(`return document.querySelector('#at-happened_at').getAttribute('aria-invalid')`), 'true');
  if (shots) await screenshot(shots, 'attempt-form-errors');

  // Fix it and save; then a second attempt with a promise.
  await setValue('#at-happened_at', '2026-03-02T09:15');
  await click('[data-testid="attempt-save"]');
  await waitFor(async () => (await text('[data-testid="stat-attempts"]')) === '1', 'one attempt in the stats');
  await click('[data-testid="log-attempt"]');
  await setValue('#at-happened_at', '2026-03-03T12:00');
  await setValue('#at-outcome', 'promise');
  await find('#at-promised_by');
  await setValue('#at-promised_by', '2026-03-20');
  await type('#at-response', 'Lamentamos el inconveniente; en 15 días se resuelve.');
  await click('[data-testid="attempt-save"]');
  await waitFor(async () => (await text('[data-testid="stat-attempts"]')) === '2', 'two attempts in the stats');
  const rows = await run(`return document.querySelectorAll('[data-testid="attempt-row"]').length`);
  assert.equal(rows, 2);

  // Add evidence through the (test-answered) open dialog: it is listed with a thumbnail.
  await click('[data-testid="add-evidence"]');
  await waitFor(async () => (await run(`const i = document.querySelector('.files img.thumb'); return !!i && i.complete && i.naturalWidth === 128`)), 'the evidence thumbnail to load');
  assert.match(await text('.files .name'), /^recibo-\d+\.png$/);

  // Export JSON and the PDF dossier to the (test-answered) save dialog.
  await click('[data-testid="export-json"]');
  await waitFor(async () => (await readdir(saveDir)).some((f) => f.endsWith('.json')), 'the JSON export');
  const jsonFile = (await readdir(saveDir)).find((f) => f.endsWith('.json'));
  const exported = await readFile(join(saveDir, jsonFile), 'utf8');
  assert.match(exported, /FOL-123/);
  assert.match(exported, /Telefónica Uno/);
  await click('[data-testid="export-pdf"]');
  await waitFor(async () => (await readdir(saveDir)).some((f) => f.endsWith('.pdf')), 'the PDF dossier', 20000);
  const pdfFile = (await readdir(saveDir)).find((f) => f.endsWith('.pdf'));
  const pdf = await readFile(join(saveDir, pdfFile));
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  // The hash chain verifies against the database.
  await click('[data-testid="verify"]');
  await find('[data-testid="verdict"].ok');
  if (shots) await screenshot(shots, 'case-view');
  console.log(`e2e: ok (${jsonFile}, ${pdfFile} ${pdf.length} bytes)`);

  if (shots) {
    // The demo case, for the README's screenshots: list, then the case itself.
    await wd('DELETE', s(''));
    const demoDir = join(dataDir, 'demo');
    const demo = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app, args: ['--data-dir', demoDir, '--demo'] } } },
    });
    session = demo.sessionId;
    await find('[data-testid="case-row"]');
    await screenshot(shots, 'case-list');
    await click('[data-testid="case-row"] button');
    await find('[data-testid="attempt-row"]');
    await screenshot(shots, 'demo-case');
  }
} catch (e) {
  failed = true;
  console.error('e2e: FAILED', e);
  if (session) await screenshot(artifacts, 'failure').catch(() => {});
} finally {
  if (session) await wd('DELETE', s('')).catch(() => {});
  // SIGTERM, not SIGKILL: a killed tauri-driver leaves WebKitWebDriver holding the port.
  driver.kill('SIGTERM');
  await sleep(300);
  await rm(dataDir, { recursive: true, force: true });
  await rm(saveDir, { recursive: true, force: true });
  await rm(receipt, { force: true });
}
process.exit(failed ? 1 : 0);

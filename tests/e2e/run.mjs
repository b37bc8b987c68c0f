// End-to-end journey through the real app window: tauri-driver + WebKitWebDriver drive a
// debug build with the UI embedded (`--features custom-protocol`), with a temporary data
// folder, and save dialogs answered by EXPEDIENTE_TEST_SAVE_DIR (debug builds only).
//
//   cd ui && npm run build && cd .. && cargo build -p expediente --features custom-protocol
//   xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/run.mjs
//
// The journey: create a case, log three attempts on three channels chosen in the form, revise
// one with a reason (timeline and history checked), attach an image (the same file again asks
// first), export JSON and the PDF
// dossier, and read the PDF back with `pdftotext` (the Spanish text must come back exactly).
// Last line printed: `e2e: N passed, M failed`.
//
// Screenshots: on failure, tests/artifacts/e2e/ gets one per screen reached plus failure.png;
// with SCREENSHOTS=DIR the journey's main screens are saved there (used for ui/docs/).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { ELEMENT, client, driverPath, screenshotEnv, sleep, waitForDriver } from './webdriver.mjs';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const app = process.env.EXPEDIENTE_BIN ?? join(root, 'target/debug/expediente');
const driverBin = driverPath(root);
const port = Number(process.env.E2E_PORT ?? 4444);
const shots = process.env.SCREENSHOTS;
const artifacts = join(root, 'tests/artifacts/e2e');

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
  env: screenshotEnv({ EXPEDIENTE_TEST_SAVE_DIR: saveDir, EXPEDIENTE_TEST_OPEN_FILES: receipt, EXPEDIENTE_DATA_DIR: dataDir }),
  stdio: ['ignore', 'inherit', 'inherit'],
});

const wd = client(port);

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
// Each screen reached is captured in memory (no wait, ~50 ms) and written out only if the
// journey fails, so a failure shows the way there as well as where it stopped.
const screens = [];
async function reached(name) {
  try {
    screens.push([name, await wd('GET', s('/screenshot'))]);
  } catch {
    // A missing frame must not fail the journey.
  }
}
// The visible text of the timeline's rows.
const timelineRows = () => run(`return [...document.querySelectorAll('[data-testid="attempt-row"]')].map((r) => r.innerText)`);
// Picks an option of a <select> by clicking it, as a user would.
const choose = (select, value) => click(`${select} option[value="${value}"]`);
async function clear(css) {
  await wd('POST', s(`/element/${await find(css)}/clear`), {});
}
// Clicks the button `testid` inside the timeline row whose text includes `needle`.
async function clickInRow(needle, testid) {
  const el = await run(
    `const row = [...document.querySelectorAll('[data-testid="attempt-row"]')].find((r) => r.innerText.includes(arguments[0]));
     return row ? row.querySelector('[data-testid="' + arguments[1] + '"]') : null;`,
    needle,
    testid,
  );
  assert.ok(el, `no timeline row with ${needle} and a ${testid} button`);
  await wd('POST', s('/execute/sync'), { script: 'arguments[0].scrollIntoView({block: "center"})', args: [el] });
  await wd('POST', s(`/element/${el[ELEMENT]}/click`), {});
}


// What the journey types, and so what the dossier must print back.
const TITLE = 'Cobro indebido en recibo de octubre';
const COMPANY = 'Telefónica Uno';
const ATTEMPTS = [
  { channel: 'phone', at: '2026-03-02T09:15', reference: 'FOL-123', response: 'Dijeron que lo revisarían.' },
  { channel: 'email', at: '2026-03-03T12:00', reference: 'TKT-8841', response: 'Lamentamos el inconveniente; en 15 días se resuelve.', promisedBy: '2026-03-20' },
  { channel: 'whatsapp', at: '2026-03-05T18:30', reference: 'WA-5521', response: 'Envíe su aclaración por escrito.', detail: '+52 55 1234 5678' },
];
const REVISED_REF = 'FOL-123-B';
const REASON = 'Folio mal copiado: faltaba la B.';

// Reads the dossier back with poppler: every string the journey typed must come back
// exactly. A cell that wraps is looked for in the plain (reading order) text with its
// line breaks joined, since -layout interleaves it with the neighbouring columns.
function checkPdfText(pdfPath) {
  const layout = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
  const plain = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s*\n\s*/g, ' ');
  const wanted = [TITLE, COMPANY, 'Ana López Ñúñez', REVISED_REF, ...ATTEMPTS.slice(1).map((a) => a.reference), ...ATTEMPTS.map((a) => a.response), REASON, 'Página 1 de'];
  const missing = wanted.filter((w) => !layout.includes(w) && !plain.includes(w));
  if (process.env.E2E_PDF_TEXT) console.log(layout);
  assert.deepEqual(missing, [], `the dossier's text lacks these; pdftotext -layout gave:\n${layout}`);
}

let failed = false;
try {
  await waitForDriver(wd);
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app, args: ['--data-dir', dataDir] } } },
  });
  session = created.sessionId;

  // First run: profile, then an empty start.
  await find('#claimant-full_name');
  await reached('01-profile');
  await type('#claimant-full_name', 'Ana López Ñúñez');
  await type('#claimant-email', 'ana@example.com');
  await click('[data-testid="claimant-save"]');
  await click('[data-testid="welcome-empty"]');
  // Spanish, whatever the machine's locale (so the dossier is Spanish too, on A4).
  await click('.lang-switch button[lang="es"]');
  await waitFor(async () => (await run('return document.documentElement.lang')) === 'es', 'the UI in Spanish');

  // Create a case with a new company.
  await find('#case-title');
  await reached('02-case-form');
  await type('#case-title', TITLE);
  await type('#company-trade_name', COMPANY);
  await type('#case-amount', '1,234.50');
  await click('[data-testid="case-save"]');
  await waitFor(async () => (await text('[data-testid="case-title"]')) === TITLE, 'the case view');
  await reached('03-case-view-empty');

  // Attempt 1, by phone, dated in the future first: the Rust validation error shows beside the field.
  await click('[data-testid="log-attempt"]');
  await choose('#at-channel', 'phone');
  await setValue('#at-happened_at', '2099-01-01T10:00');
  await type('#at-reference', 'FOL-123');
  await type('#at-agent', 'Luis');
  await type('#at-response', ATTEMPTS[0].response);
  await click('[data-testid="attempt-save"]');
  await find('[data-field-error="at-happened_at"]');
  assert.equal(await run(`return document.querySelector('#at-happened_at').getAttribute('aria-invalid')`), 'true');
  await reached('04-attempt-form-errors');
  if (shots) await screenshot(shots, 'attempt-form-errors');
  // Fix it and save.
  await setValue('#at-happened_at', '2026-03-02T09:15');
  await click('[data-testid="attempt-save"]');
  await waitFor(async () => (await text('[data-testid="stat-attempts"]')) === '1', 'one attempt in the stats');

  // Attempt 2, by email, with a promise; attempt 3 by WhatsApp. Each channel is picked in the
  // form (it starts on the last one used).
  for (const [i, a] of ATTEMPTS.entries()) {
    if (i === 0) continue;
    await click('[data-testid="log-attempt"]');
    await find('#at-channel');
    assert.equal(await run(`return document.querySelector('#at-channel').value`), ATTEMPTS[i - 1].channel, 'the form starts on the last channel');
    await choose('#at-channel', a.channel);
    assert.equal(await run(`return document.querySelector('#at-channel').value`), a.channel);
    await setValue('#at-happened_at', a.at);
    if (a.detail) await type('#at-channel_detail', a.detail);
    if (a.promisedBy) {
      await choose('#at-outcome', 'promise');
      await find('#at-promised_by');
      await setValue('#at-promised_by', a.promisedBy);
    }
    await type('#at-reference', a.reference);
    await type('#at-response', a.response);
    await click('[data-testid="attempt-save"]');
    await waitFor(async () => (await text('[data-testid="stat-attempts"]')) === String(i + 1), `${i + 1} attempts in the stats`);
  }
  let rows = await timelineRows();
  assert.equal(rows.length, 3);
  // Newest first: WhatsApp, Correo, Teléfono.
  assert.deepEqual(rows.map((r) => ['WhatsApp', 'Correo', 'Teléfono'].find((c) => r.includes(c))), ['WhatsApp', 'Correo', 'Teléfono']);
  for (const a of ATTEMPTS) assert.ok(rows.some((r) => r.includes(a.reference) && r.includes(a.response)), `timeline row of ${a.reference}`);
  await reached('05-three-attempts');

  // Revise the phone attempt's reference through the form, with a reason.
  await clickInRow('FOL-123', 'attempt-revise');
  await find('#at-reason');
  assert.equal(await run(`return document.querySelector('#at-reference').value`), 'FOL-123');
  await reached('06-revise-form');
  await clear('#at-reference');
  await type('#at-reference', REVISED_REF);
  await type('#at-reason', REASON);
  await click('[data-testid="attempt-save"]');
  await waitFor(async () => (await timelineRows()).some((r) => r.includes(REVISED_REF)), 'the corrected reference in the timeline');
  rows = await timelineRows();
  assert.equal(rows.length, 3, 'a revision adds no row');
  const phoneRow = rows.find((r) => r.includes('Teléfono'));
  assert.match(phoneRow, /corregido · versión 2/);
  assert.ok(!/FOL-123(?!-B)/.test(phoneRow), `the old reference is gone from the row: ${phoneRow}`);
  await reached('07-revised');
  // The history shows both versions, the reason and the change.
  await clickInRow(REVISED_REF, 'attempt-history');
  await waitFor(async () => (await run(`return document.querySelectorAll('[data-testid="history-entry"]').length`)) === 2, 'two versions in the history');
  const history = await run(`return [...document.querySelectorAll('[data-testid="history-entry"]')].map((e) => e.innerText)`);
  assert.match(history[0], /^Original/);
  assert.ok(!history[0].includes(REASON));
  assert.match(history[1], /^versión 2/);
  assert.ok(history[1].includes(`“${REASON}”`), `the reason in the history: ${history[1]}`);
  assert.ok(history[1].includes(`reference: "FOL-123" → "${REVISED_REF}"`), `the change in the history: ${history[1]}`);
  await reached('08-history');
  await click('dialog[open] .modal-head button');
  await waitFor(async () => (await run(`return document.querySelector('dialog[open]') === null`)), 'the history to close');

  // Attach an image through the (test-answered) open dialog: it is listed with a thumbnail.
  await click('[data-testid="add-evidence"]');
  await waitFor(async () => (await run(`const i = document.querySelector('.files img.thumb'); return !!i && i.complete && i.naturalWidth === 128`)), 'the evidence thumbnail to load');
  assert.match(await text('.files .name'), /^recibo-\d+\.png$/);
  // The same file again: the app asks first, and "No adjuntar" writes nothing.
  await click('[data-testid="add-evidence"]');
  await find('[data-testid="duplicate-question"]');
  assert.match(await text('[data-testid="duplicate-question"] p'), /^Este archivo ya está en el caso \(recibo-\d+\.png, .+\)\. ¿Adjuntarlo otra vez\?$/);
  await click('[data-testid="skip-duplicate"]');
  await waitFor(async () => (await run(`return document.querySelector('dialog[open]') === null`)), 'the question to close');
  assert.equal(await run(`return document.querySelectorAll('.files li').length`), 1);
  await reached('09-evidence');

  // Export JSON and the PDF dossier to the (test-answered) save dialog.
  await click('[data-testid="export-json"]');
  await waitFor(async () => (await readdir(saveDir)).some((f) => f.endsWith('.json')), 'the JSON export');
  const jsonFile = (await readdir(saveDir)).find((f) => f.endsWith('.json'));
  const exported = await readFile(join(saveDir, jsonFile), 'utf8');
  assert.match(exported, new RegExp(REVISED_REF));
  assert.match(exported, new RegExp(COMPANY));
  await click('[data-testid="export-pdf"]');
  await waitFor(async () => (await readdir(saveDir)).some((f) => f.endsWith('.pdf')), 'the PDF dossier', 20000);
  const pdfFile = (await readdir(saveDir)).find((f) => f.endsWith('.pdf'));
  const pdfPath = join(saveDir, pdfFile);
  // The file appears before it is complete: wait for the trailer.
  await waitFor(async () => (await readFile(pdfPath)).subarray(-1024).toString('latin1').includes('%%EOF'), 'the PDF to be written', 20000);
  const pdf = await readFile(pdfPath);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  checkPdfText(pdfPath);
  await reached('10-exported');

  // The hash chain verifies against the database.
  await click('[data-testid="verify"]');
  await find('[data-testid="verdict"].ok');
  if (shots) await screenshot(shots, 'case-view');

  // 200% zoom from the keyboard (Ctrl and = five times, Tauri's zoom hotkeys): the page
  // reflows to the narrow layout instead of running off the right edge; Ctrl 0 resets.
  const ctrlKey = (key) => wd('POST', s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions: [
    { type: 'keyDown', value: '\uE009' }, { type: 'keyDown', value: key }, { type: 'keyUp', value: key }, { type: 'keyUp', value: '\uE009' }] }] });
  const wide = await run('return window.innerWidth');
  const zoomTo200 = async (what) => {
    for (let i = 0; i < 5; i++) await ctrlKey('=');
    await waitFor(async () => (await run('return window.innerWidth')) <= wide / 2 + 2, `${what} to zoom to 200%`);
  };
  const resetZoom = async (what) => {
    await ctrlKey('0');
    await waitFor(async () => (await run('return window.innerWidth')) === wide, `Ctrl 0 to reset the zoom of ${what}`);
  };
  await zoomTo200('the case view');
  const overflow = await run('return document.documentElement.scrollWidth - document.documentElement.clientWidth');
  assert.ok(overflow <= 1, `at 200% the case view is ${overflow}px wider than the window`);
  assert.equal(await run('return getComputedStyle(document.querySelector(".sidebar")).position'), 'static', 'the sidebar becomes a bar on top');
  await find('[data-testid="export-pdf"]');
  await reached('11-zoomed-200');
  if (shots) await screenshot(shots, 'case-view-200');
  await resetZoom('the case view');
  console.log(`e2e: journey ok (${jsonFile}, ${pdfFile} ${pdf.length} bytes)`);

  if (shots) {
    // The demo case, for the README's screenshots: list (and at 200%), then the case itself.
    await wd('DELETE', s(''));
    const demoDir = join(dataDir, 'demo');
    const demo = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app, args: ['--data-dir', demoDir, '--demo'] } } },
    });
    session = demo.sessionId;
    await find('[data-testid="case-row"]');
    await screenshot(shots, 'case-list');
    await zoomTo200('the list');
    await screenshot(shots, 'case-list-200');
    await resetZoom('the list');
    await click('[data-testid="case-row"] button');
    await find('[data-testid="attempt-row"]');
    await screenshot(shots, 'demo-case');
  }
} catch (e) {
  failed = true;
  console.error('e2e: FAILED', e);
  if (session) {
    await rm(artifacts, { recursive: true, force: true }).catch(() => {});
    await mkdir(artifacts, { recursive: true }).catch(() => {});
    for (const [name, png] of screens) await writeFile(join(artifacts, `${name}.png`), Buffer.from(png, 'base64')).catch(() => {});
    await screenshot(artifacts, 'failure').catch(() => {});
    console.error(`e2e: screenshots in ${artifacts}`);
  }
} finally {
  if (session) await wd('DELETE', s('')).catch(() => {});
  // SIGTERM, not SIGKILL: a killed tauri-driver leaves WebKitWebDriver holding the port.
  driver.kill('SIGTERM');
  await sleep(300);
  await rm(dataDir, { recursive: true, force: true });
  await rm(saveDir, { recursive: true, force: true });
  await rm(receipt, { force: true });
}
console.log(`e2e: ${failed ? 0 : 1} passed, ${failed ? 1 : 0} failed`);
process.exit(failed ? 1 : 0);

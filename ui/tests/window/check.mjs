// Real-window check of the issue-4 gaps the page tests can only fake: a paste event in WebKitGTK
// reaching `paste_evidence` as raw bytes with the case id in a header (and garbage refused),
// the dossier export's busy state and "Abrir carpeta", the date format saved in settings.json,
// and a data folder chosen in Settings written to the config file and used at the next start.
//
//   cd ui && npm run build && cd .. && cargo build -p expediente --features custom-protocol
//   xvfb-run -a -s "-screen 0 1280x800x24" node ui/tests/window/check.mjs
//
// XDG_CONFIG_HOME points at a temporary folder, so the user's real config is never touched.
// Screenshots go to tests/artifacts/window/. Last line: `real-window check: ok` (exit 0) or FAILED.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { ELEMENT, client, driverPath, screenshotEnv, sleep, waitForDriver } from '../../../tests/e2e/webdriver.mjs';
const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const shots = join(root, 'tests/artifacts/window');
await mkdir(shots, { recursive: true });
const app = join(root, 'target/debug/expediente');
const driverBin = driverPath(root);
const port = Number(process.env.E2E_PORT ?? 4455);
const tmp = await mkdtemp(join(tmpdir(), 'rc-'));
const cfg = join(tmp, 'config'); const d1 = join(tmp, 'd1'); const chosen = join(tmp, 'chosen'); const save = join(tmp, 'save');
for (const d of [cfg, d1, chosen, save]) await mkdir(d, { recursive: true });
let session, driver;
const wd = client(port);
const s = (p) => `/session/${session}${p}`;
async function find(css, timeout = 8000) {
  const end = Date.now() + timeout;
  for (;;) { try { return (await wd('POST', s('/element'), { using: 'css selector', value: css }))[ELEMENT]; } catch (e) { if (Date.now() > end) throw new Error(`${css}: ${e.message}`, { cause: e }); await sleep(150); } }
}
const click = async (css) => wd('POST', s(`/element/${await find(css)}/click`), {});
const run = (script, ...args) => wd('POST', s('/execute/sync'), { script, args });
const runAsync = (script, ...args) => wd('POST', s('/execute/async'), { script, args });
const shot = async (name) => { await sleep(400); await writeFile(join(shots, `${name}.png`), Buffer.from(await wd('GET', s('/screenshot')), 'base64')); };
async function waitFor(pred, what, timeout = 10000) { const end = Date.now() + timeout; while (!(await pred())) { if (Date.now() > end) throw new Error(`timed out: ${what}`); await sleep(150); } }
async function start(env, args) {
  driver = spawn(driverBin, ['--port', String(port), '--native-port', String(port + 1)], { env: screenshotEnv({ XDG_CONFIG_HOME: cfg, ...env }), stdio: ['ignore', 'inherit', 'inherit'] });
  await waitForDriver(wd);
  session = (await wd('POST', '/session', { capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app, args } } } })).sessionId;
}
async function stop() { await wd('DELETE', s('')).catch(() => {}); driver.kill('SIGTERM'); await sleep(800); }
const invoke = (cmd, args, opts) => runAsync(`const done = arguments[arguments.length - 1];
  const [cmd, args, opts, raw] = arguments;
  window.__TAURI_INTERNALS__.invoke(cmd, raw ? new Uint8Array(args) : args, opts).then((v) => done({ ok: v }), (e) => done({ err: e }));`, cmd, args, opts ?? {}, false);
try {
  await start({ EXPEDIENTE_TEST_PICK_DIR: chosen, EXPEDIENTE_TEST_SAVE_DIR: save }, ['--data-dir', d1, '--demo']);
  await click('[data-testid="case-row"] button');
  await find('[data-testid="attempt-row"]');
  const caseId = (await invoke('list_cases', {})).ok[0].id;
  // 1. A real paste event in WebKit, if it can be synthesized; else the same call the handler makes.
  const png = [...await readFile(join(root, 'src-tauri/icons/32x32.png'))];
  const synthetic = await run(`try {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(arguments[0])], 'x.png', { type: 'image/png' }));
      const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true });
      if (!ev.clipboardData || !ev.clipboardData.items.length) return 'no clipboardData';
      document.body.dispatchEvent(ev); return 'dispatched';
    } catch (e) { return 'error ' + e.message; }`, png);
  console.log('synthetic paste:', synthetic);
  if (synthetic !== 'dispatched') {
    const r = await runAsync(`const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke('paste_evidence', new Uint8Array(arguments[0]), { headers: { 'x-case-id': arguments[1] } }).then((v) => done({ ok: v }), (e) => done({ err: e }));`, png, caseId);
    console.log('raw invoke:', JSON.stringify(r).slice(0, 200));
  }
  await waitFor(async () => /captura-\d{4}-\d{2}-\d{2}-\d{4}\.png/.test(await run(`return document.querySelector('.files')?.innerText ?? ''`)), 'pasted screenshot in the evidence list');
  const bad = await runAsync(`const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__.invoke('paste_evidence', new Uint8Array([60, 104, 116]), { headers: { 'x-case-id': arguments[0] } }).then((v) => done({ ok: v }), (e) => done({ err: e }));`, caseId);
  assert.equal(bad.err.fields[0].code, 'not_an_image');
  console.log('paste ok; garbage refused:', bad.err.fields[0].code);
  await shot('case-pasted');
  // 2. Export: busy state then the reveal button.
  await click('[data-testid="export-pdf"]');
  const busyText = await run(`return document.querySelector('[data-testid="export-pdf"]').innerText`);
  console.log('export button right after click:', busyText);
  await find('[data-testid="reveal-export"]', 30000);
  console.log('export notice:', await run(`return document.querySelector('[data-testid="notice"]').innerText`));
  // 3. Settings: date format, choose a folder (the flag wins now, so no restart note).
  await click('nav li:nth-child(4) button');
  await find('#settings-date_format');
  await run(`const el = document.querySelector('#settings-date_format'); el.value = 'iso'; el.dispatchEvent(new Event('change', {bubbles: true}));`);
  await click('[data-testid="change-data-dir"]');
  await find('[data-testid="dir-overridden"]');
  await sleep(300);
  const conf = JSON.parse(await readFile(join(cfg, 'org.expediente.app.dev/config.json'), 'utf8'));
  assert.equal(conf.data_dir, chosen);
  const settings = JSON.parse(await readFile(join(d1, 'settings.json'), 'utf8'));
  assert.equal(settings.date_format, 'iso');
  console.log('config written:', JSON.stringify(conf), 'settings:', JSON.stringify(settings));
  await shot('settings');
  await click('nav li:nth-child(1) button');
  await find('[data-testid="case-row"]');
  console.log('case list row:', (await run(`return document.querySelector('[data-testid="case-row"]').innerText`)).replace(/\s+/g, ' '));
  await stop();
  // 4. Next start with no flag and no env: the chosen folder.
  await start({}, []);
  await find('#claimant-full_name');
  const loc = (await invoke('data_location', {})).ok;
  console.log('next start:', JSON.stringify(loc));
  assert.equal(loc.current, chosen);
  assert.equal(loc.source, 'config');
  await stop();
  console.log('real-window check: ok');
} catch (e) {
  console.error('FAILED', e);
  await shot('failure').catch(() => {});
  await stop();
  process.exit(1);
}

// The measuring half of tests/app-bench/run.sh (which builds the binaries and the data and
// runs this under Xvfb): start times and memory of Expediente and of a bare Tauri window,
// both launched the same way, through tauri-driver + WebKitWebDriver.
//
// Start time = from the process's start (its /proc/PID/stat start time) to the first screen
// painted, on the page's own clock (performance.timeOrigin + a mark set one frame after the
// first case row or the empty state is in the DOM; the bare page marks its heading the same
// way, tests/app-bench/bare/dist/bare.js). Both sides are launched through the same driver.
// Nothing touches the page while it starts: a WebDriver poll runs script on the page's main
// thread, the one the start needs, so the marks are read only 1.5 s after the launch.
// Memory = PSS (/proc/PID/smaps_rollup) of the app process plus every process under it
// (WebKitWebProcess, WebKitNetworkProcess): the bare window idle; Expediente 3 s after its
// 10,000-attempt case opened (the target's figure), and again after scrolling through it;
// the median of MEM_RUNS launches of each.
// The start breakdown comes from the UI's performance marks (ui/src/lib/perf.ts).
// Rendering: with no GPU render node (/dev/dri/renderD*) the app turns WebKit's OpenGL
// compositing off (src-tauri/src/rendering.rs); the bare window is then launched the same way
// for every figure, and once more as Tauri sets it up (compositing on llvmpipe) for context.
//
// Environment: APP, BARE (binaries), DATA_EMPTY, DATA_500, DATA_BIG (data folders), RUNS,
// MEM_RUNS (launches per memory figure, 3 unless set).
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { client, driverPath, sleep, waitForDriver } from '../e2e/webdriver.mjs';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (run tests/app-bench/run.sh)`);
  return v;
};
const APP = realpathSync(env('APP'));
const BARE = realpathSync(env('BARE'));
const RUNS = Number(process.env.RUNS ?? 5);
const MEM_RUNS = Number(process.env.MEM_RUNS ?? 3);
const driverBin = driverPath(root);
const port = Number(process.env.BENCH_PORT ?? 4450);
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

const wd = client(port);

// The rendering the app picks (see the header): the bare window's figures use the same one.
const hasRenderNode = () => existsSync('/dev/dri') && readdirSync('/dev/dri').some((n) => n.startsWith('renderD'));
const appSoftware = process.env.WEBKIT_DISABLE_COMPOSITING_MODE === undefined && !hasRenderNode();
const wrappers = mkdtempSync(join(tmpdir(), 'app-bench-'));
// A launcher for `bin` with WebKit's compositing switch set (`'1'`) or removed (`null`).
function withCompositingSwitch(bin, value) {
  const path = join(wrappers, `${value === null ? 'gl' : 'software'}-${bin.split('/').pop()}`);
  const set = value === null ? 'unset WEBKIT_DISABLE_COMPOSITING_MODE' : `export WEBKIT_DISABLE_COMPOSITING_MODE=${value}`;
  writeFileSync(path, `#!/bin/sh\n${set}\nexec '${bin}' "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}
// The bare window as the app draws (the target's yardstick), and as Tauri sets it up.
const BARE_SAME = appSoftware ? withCompositingSwitch(BARE, '1') : BARE;
const BARE_DEFAULT = appSoftware ? withCompositingSwitch(BARE, null) : null;

// Seconds since boot, the clock /proc/PID/stat's start time is counted in.
const uptime = () => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
function stat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), start: Number(f[19]) / CLK_TCK, comm: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')) };
}
const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
// The newest running process of `bin`.
function findProcess(bin) {
  let best = null;
  for (const pid of pids()) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) !== bin) continue;
      const st = stat(pid);
      if (!best || st.start > best.start) best = { pid, ...st };
    } catch {
      // Gone, or not ours to read.
    }
  }
  return best;
}
function descendants(pid) {
  const all = [];
  for (const p of pids()) {
    try {
      all.push({ pid: p, ...stat(p) });
    } catch {
      // Exited meanwhile.
    }
  }
  const out = [];
  const todo = [pid];
  while (todo.length) {
    const p = todo.pop();
    for (const c of all) if (c.ppid === p) (out.push(c), todo.push(c.pid));
  }
  return out;
}
function pssKb(pid) {
  const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m);
  if (!m) throw new Error(`no Pss line in /proc/${pid}/smaps_rollup`);
  return Number(m[1]);
}
function memory(proc) {
  const parts = [{ name: proc.comm, kb: pssKb(proc.pid) }];
  for (const c of descendants(proc.pid)) parts.push({ name: c.comm, kb: pssKb(c.pid) });
  return { total: parts.reduce((a, p) => a + p.kb, 0), parts };
}

let session = null;
const s = (p) => `/session/${session}${p}`;
const run = (script, ...args) => wd('POST', s('/execute/sync'), { script, args });

// The wall-clock time (epoch seconds) at which the boot clock read 0, found by waiting for
// /proc/uptime (10 ms steps) to tick: converts a process's start (counted from boot) to the
// clock the page's performance.timeOrigin uses.
function bootEpoch() {
  const first = uptime();
  for (;;) {
    const u = uptime();
    if (u !== first) return Date.now() / 1000 - u;
  }
}
const BOOT = bootEpoch();

// Launches `bin` with `args` and waits for `css`, then for the page's `paintMark`.
// Returns the start time in ms (process start to the first screen painted, on the page's
// own clock) and the page's marks, after checking that `css` is on the screen.
// `bin` may be a launcher script that execs `exe`.
async function launch(bin, args, css, paintMark, exe = bin) {
  const created = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: bin, args } } },
  });
  session = created.sessionId;
  const proc = findProcess(exe);
  if (!proc) throw new Error(`no running process of ${bin}`);
  await sleep(1500);
  let page = null;
  for (let i = 0; i < 300 && !page; i++) {
    page = await run(`if (!performance.getEntriesByName(arguments[0]).length) return null;
      const n = performance.getEntriesByType('navigation')[0];
      return { origin: performance.timeOrigin, dcl: n ? n.domContentLoadedEventEnd : null,
        marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]) };`, paintMark);
    if (!page) await sleep(100);
  }
  if (!page) throw new Error(`${bin} never marked "${paintMark}"`);
  if (!(await run('return document.querySelector(arguments[0]) !== null', css))) throw new Error(`${css} is not on ${bin}'s screen`);
  // Milliseconds from the process start to the page's clock origin.
  const origin = page.origin - (BOOT + proc.start) * 1000;
  const painted = origin + page.marks.find(([name]) => name === paintMark)[1];
  return { ms: painted, proc, page: { ...page, origin } };
}
async function close(proc) {
  await wd('DELETE', s('')).catch(() => {});
  session = null;
  // Wait for the window's processes to be gone, so runs don't overlap.
  for (let i = 0; i < 100 && existsSync(`/proc/${proc.pid}`); i++) await sleep(50);
  await sleep(500);
}

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};

const driver = spawn(driverBin, ['--port', String(port), '--native-port', String(port + 1)], { stdio: ['ignore', 'ignore', 'inherit'] });
let code = 0;
try {
  await waitForDriver(wd);
  const cases = [
    { key: 'bare', bin: BARE_SAME, exe: BARE, args: [], css: '[data-testid="bare-ready"]', mark: 'painted' },
    { key: 'empty', bin: APP, args: ['--data-dir', env('DATA_EMPTY')], css: '[data-testid="cases-empty"]', mark: 'list painted' },
    { key: '500', bin: APP, args: ['--data-dir', env('DATA_500')], css: '[data-testid="case-row"]', mark: 'list painted' },
  ];
  const times = { bare: [], empty: [], 500: [] };
  const phases = {};
  // One warm-up round (page cache), not counted; then the runs, interleaved so that noise
  // on the machine falls on all three alike.
  for (let r = -1; r < RUNS; r++) {
    for (const c of cases) {
      const { ms, proc, page } = await launch(c.bin, c.args, c.css, c.mark, c.exe);
      if (r >= 0) {
        // Milliseconds since the process started: the page's clock origin, then each mark.
        const origin = page.origin;
        const b = (phases[c.key] ??= {});
        (b['page load starts'] ??= []).push(origin);
        if (page.dcl != null) (b['DOMContentLoaded'] ??= []).push(origin + page.dcl);
        for (const [name, at] of page.marks) (b[name] ??= []).push(origin + at);
      }
      if (c.key === '500') {
        // The list is virtualized: its heading counts all 500, the rows in view are painted.
        const count = await run('return document.querySelector(\'[data-testid="case-count"]\')?.textContent ?? ""');
        if (count !== '(500)') throw new Error(`the list counts ${count}, expected (500)`);
      }
      await close(proc);
      if (r >= 0) times[c.key].push(ms);
      process.stderr.write(`  run ${r < 0 ? 'warm-up' : r + 1}: ${c.key} ${ms.toFixed(0)} ms\n`);
    }
  }

  // Memory: the bare window idle, then the app on its 10,000-attempt case after a scroll.
  // One reading moves by several MB with the moment JavaScriptCore's collector last ran,
  // so each is taken MEM_RUNS times (interleaved) and the median launch (by total) counts.
  const samples = { bare: [], bareDefault: [], appEmpty: [], appList: [], app: [], appScrolled: [] };
  for (let r = 0; r < MEM_RUNS; r++) {
    for (const [key, bin] of [['bare', BARE_SAME], ['bareDefault', BARE_DEFAULT]]) {
      if (!bin) continue;
      const { proc } = await launch(bin, [], '[data-testid="bare-ready"]', 'painted', BARE);
      await sleep(3000);
      samples[key].push(memory(proc));
      await close(proc);
    }
    {
      const { proc } = await launch(APP, ['--data-dir', env('DATA_EMPTY')], '[data-testid="cases-empty"]', 'list painted');
      await sleep(3000);
      samples.appEmpty.push(memory(proc));
      await close(proc);
    }
    {
      const { proc } = await launch(APP, ['--data-dir', env('DATA_BIG')], '[data-testid="case-row"]', 'list painted');
      await sleep(3000);
      samples.appList.push(memory(proc));
      await run('document.querySelector(\'[data-testid="case-row"] button\').click()');
      const end = Date.now() + 60000;
      while ((await run('return document.querySelectorAll(\'[data-testid="attempt-row"]\').length')) === 0) {
        if (Date.now() > end) throw new Error('the 10,000-attempt case never showed its timeline');
        await sleep(100);
      }
      const count = await run('return document.querySelector("#timeline-h .count")?.textContent ?? ""');
      if (!count.includes('10000') && !count.includes('10,000') && !count.includes('10 000')) throw new Error(`the timeline count is ${count}, expected 10,000`);
      // The figure the target is about: the case just opened (its first rows painted).
      await sleep(3000);
      samples.app.push(memory(proc));
      // And, for context, after scrolling through it (pages read and dropped, rows recycled).
      for (let i = 1; i <= 10; i++) {
        await run('window.scrollTo(0, arguments[0])', i * 4000);
        await sleep(150);
      }
      await sleep(3000);
      samples.appScrolled.push(memory(proc));
      await close(proc);
    }
    process.stderr.write(`  memory ${r + 1}: bare ${(samples.bare[r].total / 1024).toFixed(0)} MB, app ${(samples.app[r].total / 1024).toFixed(0)} MB\n`);
  }
  const byTotal = (xs) => [...xs].sort((a, b) => a.total - b.total)[(xs.length - 1) >> 1];
  const mem = Object.fromEntries(Object.entries(samples).filter(([, xs]) => xs.length).map(([k, xs]) => [k, byTotal(xs)]));

  const size = (p) => statSync(p).size;
  const MB = 1024 * 1024;
  const fig = {
    bare: median(times.bare),
    empty: median(times.empty),
    500: median(times['500']),
  };
  const rows = [
    ['start, empty list (median ms)', fig.empty, fig.bare, fig.empty / fig.bare, '< 1.25x', fig.empty / fig.bare < 1.25],
    ['start, 500 cases (median ms)', fig['500'], fig.bare, fig['500'] / fig.bare, '< 1.25x', fig['500'] / fig.bare < 1.25],
    ['memory, 10,000-attempt case (PSS MB)', mem.app.total / 1024, mem.bare.total / 1024, mem.app.total / mem.bare.total, '< 1.3x', mem.app.total / mem.bare.total < 1.3],
    ['  same case after scrolling it (context)', mem.appScrolled.total / 1024, mem.bare.total / 1024, mem.appScrolled.total / mem.bare.total, '-', true],
    ...(mem.bareDefault
      ? [['  vs bare with GL compositing (context)', mem.app.total / 1024, mem.bareDefault.total / 1024, mem.app.total / mem.bareDefault.total, '-', true]]
      : []),
    ['release binary (MB)', size(APP) / MB, size(BARE) / MB, size(APP) / size(BARE), '< 20 MB', size(APP) / MB < 20],
  ];
  const pad = (x, n) => String(x).padEnd(n);
  const lpad = (x, n) => String(x).padStart(n);
  console.log('');
  console.log(appSoftware
    ? 'rendering: no GPU render node, so the app paints without GL compositing; "bare" is the bare window launched the same way'
    : 'rendering: WebKit\'s default (GL compositing) for the app and the bare window');
  console.log(`${pad('figure', 42)}${lpad('app', 9)}${lpad('bare', 9)}${lpad('ratio', 8)}  ${pad('target', 8)} result`);
  for (const [name, a, b, ratio, target, ok] of rows) {
    console.log(`${pad(name, 42)}${lpad(a.toFixed(1), 9)}${lpad(b.toFixed(1), 9)}${lpad(ratio.toFixed(2) + 'x', 8)}  ${pad(target, 8)} ${target === '-' ? '' : ok ? 'met' : 'MISSED'}`);
  }
  console.log('');
  console.log(`start runs (ms): bare ${times.bare.map((x) => x.toFixed(0)).join(' ')}; empty ${times.empty.map((x) => x.toFixed(0)).join(' ')}; 500 cases ${times['500'].map((x) => x.toFixed(0)).join(' ')}`);
  console.log('where start time goes (median ms after the process started):');
  for (const [key, b] of Object.entries(phases)) {
    const list = Object.entries(b).map(([name, xs]) => [name, median(xs)]).sort((x, y) => x[1] - y[1]);
    console.log(`  ${pad(key, 6)} ${list.map(([name, at]) => `${name} ${at.toFixed(0)}`).join(' · ')}`);
  }
  const parts = (m) => m.parts.map((p) => `${p.name} ${(p.kb / 1024).toFixed(1)}`).join(', ');
  const totals = (xs) => xs.map((m) => (m.total / 1024).toFixed(0)).join(' ');
  console.log(`memory runs (PSS MB): bare ${totals(samples.bare)}; app on the big case ${totals(samples.app)}${mem.bareDefault ? `; bare with GL compositing ${totals(samples.bareDefault)}` : ''}`);
  console.log(`PSS MB: app = ${parts(mem.app)}; bare = ${parts(mem.bare)}${mem.bareDefault ? `; bare with GL compositing = ${parts(mem.bareDefault)}` : ''}`);
  console.log(`PSS MB for context: app idle on an empty list = ${parts(mem.appEmpty)}; on the list before opening the big case = ${parts(mem.appList)}; after scrolling the big case = ${parts(mem.appScrolled)}`);
  if (!rows.every((r) => r[5])) code = 3;
} catch (e) {
  console.error('app-bench: FAILED', e);
  code = 1;
} finally {
  if (session) await wd('DELETE', s('')).catch(() => {});
  // SIGTERM, not SIGKILL: a killed tauri-driver leaves WebKitWebDriver holding the port.
  driver.kill('SIGTERM');
  await sleep(300);
  rmSync(wrappers, { recursive: true, force: true });
}
process.exit(code);

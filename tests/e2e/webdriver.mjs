// WebDriver plumbing shared by the real-window scripts (tests/e2e/run.mjs,
// ui/tests/window/check.mjs, tests/app-bench/measure.mjs): where tauri-driver is, and one
// JSON call to it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The W3C key under which an element reference is returned. */
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** tauri-driver: $TAURI_DRIVER, else the one `.ci/setup --test` installs in .tools/, else ~/.cargo/bin, else PATH. */
export function driverPath(root) {
  return process.env.TAURI_DRIVER
    ?? [join(root, '.tools/bin/tauri-driver'), join(process.env.HOME ?? '', '.cargo/bin/tauri-driver')].find(existsSync)
    ?? 'tauri-driver';
}

/**
 * The environment for tauri-driver, and so for the app, in the scripts that take screenshots.
 * With no GPU the app paints without WebKit's GL compositing (src-tauri/src/rendering.rs), and
 * in that mode WebKitGTK 2.50 answers a WebDriver screenshot only once the page paints again:
 * on an idle page it never answers. So these scripts keep compositing on
 * (WEBKIT_DISABLE_COMPOSITING_MODE=0, a value the app leaves as it is) unless told otherwise;
 * the app bench, which takes no screenshots, runs the app as users get it.
 */
export function screenshotEnv(extra = {}) {
  return { ...process.env, WEBKIT_DISABLE_COMPOSITING_MODE: process.env.WEBKIT_DISABLE_COMPOSITING_MODE ?? '0', ...extra };
}

/** A function making one WebDriver call to the driver on `port`; returns the answer's `value` or throws. */
export function client(port) {
  return async function wd(method, path, body) {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json.value ?? json)}`);
    return json.value;
  };
}

/** Waits (up to about 10 s) until the driver behind `wd` answers; throws if it never does. */
export async function waitForDriver(wd) {
  for (let i = 0; ; i++) {
    try {
      await wd('GET', '/status');
      return;
    } catch {
      if (i > 100) throw new Error('tauri-driver did not start');
      await sleep(100);
    }
  }
}

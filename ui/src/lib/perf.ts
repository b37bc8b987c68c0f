// Start-up timing: named moments, read by the app benchmark (tests/app-bench) to show where
// the time from launch to the first painted screen goes (a mark costs a few microseconds),
// and putting work off until the first screen has painted.
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}

/** Runs `fn` once the browser has painted the next frame. Returns a function that cancels it. */
export function afterFirstPaint(fn: () => void): () => void {
  let cancelled = false;
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(() => cancelled || fn(), 0));
  else setTimeout(() => cancelled || fn(), 0);
  return () => (cancelled = true);
}

const seen = new Set<string>();

/** A Svelte action: marks `name` once, when the first element using it has been painted. */
export function paintedOnce(_node: Element, name: string): void {
  if (seen.has(name)) return;
  seen.add(name);
  mark(`${name} in DOM`);
  afterFirstPaint(() => mark(name));
}

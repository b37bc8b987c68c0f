// Start-up timing: named moments, read by the app benchmark (tests/app-bench) to show where
// the time from launch to the first painted screen goes (a mark costs a few microseconds),
// and putting work off until the first screen has painted.
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}

// After the next paint: first the "painted" marks, then the work put off until then, so a
// mark tells when the screen painted and not when that work was done.
let paintedMarks: string[] = [];
let deferred: (() => void)[] = [];
let scheduled = false;

function afterPaint(): void {
  if (scheduled) return;
  scheduled = true;
  const run = () => {
    scheduled = false;
    const [names, work] = [paintedMarks, deferred];
    [paintedMarks, deferred] = [[], []];
    for (const name of names) mark(name);
    for (const fn of work) fn();
  };
  // A task queued from the frame's animation callback runs once that frame is painted.
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 0);
}

/** Runs `fn` once the browser has painted the next frame. Returns a function that cancels it. */
export function afterNextPaint(fn: () => void): () => void {
  let cancelled = false;
  deferred.push(() => cancelled || fn());
  afterPaint();
  return () => (cancelled = true);
}

const seen = new Set<string>();

/** A Svelte action: marks `name` once, when the first element using it has been painted. */
export function paintedOnce(_node: Element, name: string): void {
  if (seen.has(name)) return;
  seen.add(name);
  mark(`${name} in DOM`);
  paintedMarks.push(name);
  afterPaint();
}

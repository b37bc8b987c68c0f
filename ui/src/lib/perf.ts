// Named moments of the start-up, read by the app benchmark (tests/app-bench) to show where
// the time from launch to the first painted screen goes. A mark costs a few microseconds.
export function mark(name: string): void {
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark(name);
}

/** Marks `name` once the browser has painted the frame after the current DOM update. */
function markPainted(name: string): void {
  if (typeof requestAnimationFrame !== 'function') return;
  requestAnimationFrame(() => setTimeout(() => mark(name), 0));
}

const seen = new Set<string>();

/** A Svelte action: marks `name` once, when the first element using it has been painted. */
export function paintedOnce(_node: Element, name: string): void {
  if (seen.has(name)) return;
  seen.add(name);
  mark(`${name} in DOM`);
  markPainted(name);
}

// Window-scrolled virtual lists. The document is the window's only scroller (each inner
// scroller costs WebKit a composited layer), so a list places its rows from where it starts
// on the page: its scroll margin, kept current here as the content above it changes.
import { get, type Readable } from 'svelte/store';
import type { SvelteVirtualizer } from '@tanstack/svelte-virtual';
import { afterNextPaint } from './perf';

/** The case list's window virtualizer, as @tanstack/svelte-virtual's store. */
export type ListVirtualizer = Readable<SvelteVirtualizer<Window, HTMLTableRowElement>>;

/**
 * createWindowVirtualizer from its own chunk: the case list paints its first rows without it
 * and loads it after, so the start does not parse it (the timeline imports it directly).
 */
export const loadWindowVirtualizer = () => import('@tanstack/svelte-virtual').then((m) => m.createWindowVirtualizer);

/** What these helpers need of a window virtualizer (@tanstack/svelte-virtual): its margin. */
interface WindowList {
  options: { scrollMargin?: number };
  setOptions(options: { scrollMargin: number }): void;
}

/** Where `el`'s top is on the page, in CSS pixels from the document's top. */
export function pageTop(el: Element): number {
  return el.getBoundingClientRect().top + window.scrollY;
}

/** Sets the virtualizer's scroll margin to `el`'s page offset if it moved. */
export function syncMargin(virtualizer: Readable<WindowList> | null, el: Element | null): void {
  if (!el || !virtualizer) return;
  const v = get(virtualizer);
  const top = pageTop(el);
  if (Math.abs((v.options.scrollMargin ?? 0) - top) > 0.5) v.setOptions({ scrollMargin: top });
}

/**
 * A Svelte action for the list's container: keeps the scroll margin of the virtualizer that
 * `current` returns (none yet: nothing to do) current while the page's layout changes
 * (banners, search hits, a resized window).
 */
export function followMargin(el: Element, current: () => Readable<WindowList> | null) {
  const sync = () => syncMargin(current(), el);
  const observer = new ResizeObserver(sync);
  // Starts once the list's first rows have painted: at the page's top the margin only
  // decides how many rows past the window's bottom are built, so measuring it first (a
  // forced layout, then a second render) would delay those rows for nothing.
  const cancel = afterNextPaint(() => {
    observer.observe(document.body);
    sync();
  });
  return {
    destroy: () => {
      cancel();
      observer.disconnect();
    },
  };
}

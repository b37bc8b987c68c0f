// Thumbnails of image evidence, shared by the evidence panel and the timeline: each image is
// fetched from the shell once (by hash) and kept as an object URL for the session.
import { api } from '$lib/ipc';
import type { Evidence } from '$lib/bindings/Evidence';

/** Object URLs by SHA-256; '' while loading or when the image could not be read. */
const urls = $state<Record<string, string>>({});

/** Whether an evidence file gets a thumbnail. */
export const isImage = (e: Evidence) => e.media_type.startsWith('image/');

/** Starts loading the thumbnails of `list` not asked for yet. Call from an effect. */
export function loadThumbs(caseId: string, list: Evidence[]): void {
  for (const e of list) {
    if (!isImage(e) || e.sha256 in urls) continue;
    urls[e.sha256] = '';
    api.evidenceImage(caseId, e.sha256).then(
      (buf) => (urls[e.sha256] = URL.createObjectURL(new Blob([buf], { type: e.media_type }))),
      () => {},
    );
  }
}

/** The thumbnail URL of an image ('' until loaded or when it could not be read). */
export function thumbUrl(sha256: string): string {
  return urls[sha256] ?? '';
}

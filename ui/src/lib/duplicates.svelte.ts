// Files the case already has, waiting for the user's "attach it again?": every add (dialog,
// drop, paste, an attempt's attach button) hands its outcome here, and the evidence panel
// asks. Rust holds the files under the token; "no" just forgets it.
import type { AddOutcome, DuplicateFile } from '$lib/ipc';

export const question = $state<{ current: { token: string; files: DuplicateFile[] } | null }>({ current: null });

/** Takes an add's outcome: asks about its duplicates, if any; the number of files added. */
export function takeOutcome(out: AddOutcome): number {
  if (out.duplicates.length && out.token) question.current = { token: out.token, files: out.duplicates };
  return out.added.length;
}

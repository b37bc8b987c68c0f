// What the user has typed in a form, kept as they type so nothing is lost: every form
// (attempt, case, company, claimant, and their corrections) keeps a draft per case and
// record, restores it when reopened, and asks before closing with unsaved changes.
//
// Drafts live in the webview's localStorage, which survives restarts, under one key per
// data folder + form kind + case + record (`draftKey`). They never reach the store: only
// a successful save writes a record, and it clears the draft.
import { getContext, setContext } from 'svelte';

/** The forms that keep drafts. */
export type FormKind = 'attempt' | 'case' | 'company' | 'claimant';

/** Where drafts are kept: localStorage's shape, so tests can pass a Map-backed one. */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'expediente.draft.v1';
// The data folder drafts belong to: a draft never shows up in another folder's forms.
let scope = '';

/** Sets the data folder whose drafts forms read and write (the app calls it at start). */
export function setDraftScope(dataDir: string): void {
  scope = dataDir;
}

/**
 * The key of one form's draft: its kind, its case (none for a new case or the directory)
 * and the record a correction revises (none for a new record).
 */
export function draftKey(kind: FormKind, caseId: string | null = null, recordId: string | null = null): string {
  return [PREFIX, scope, kind, caseId ?? '-', recordId ?? 'new'].join('|');
}

/** A kept draft: the form's values and when they were last written (ms since epoch). */
export interface KeptDraft<T> {
  savedAt: number;
  data: T;
}

function browserStorage(): DraftStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage disabled: forms work, without drafts.
    return null;
  }
}

/** The draft kept under `key`, or `null` (an unreadable one is dropped). */
export function readDraft<T>(key: string, storage: DraftStorage | null = browserStorage()): KeptDraft<T> | null {
  const raw = storage?.getItem(key);
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<KeptDraft<T>>;
    if (typeof parsed?.savedAt === 'number' && parsed.data !== undefined && parsed.data !== null) {
      return { savedAt: parsed.savedAt, data: parsed.data };
    }
  } catch {
    // fall through: not a draft of ours
  }
  storage?.removeItem(key);
  return null;
}

/** Keeps `data` under `key`. False when storage refused it (full, or disabled). */
export function writeDraft<T>(key: string, data: T, storage: DraftStorage | null = browserStorage(), now = Date.now()): boolean {
  if (!storage) return false;
  try {
    storage.setItem(key, JSON.stringify({ savedAt: now, data }));
    return true;
  } catch {
    return false;
  }
}

export function removeDraft(key: string, storage: DraftStorage | null = browserStorage()): void {
  try {
    storage?.removeItem(key);
  } catch {
    // nothing to remove
  }
}

export interface DraftOptions<T> {
  key: string;
  /** The form's values now, as plain data (the same shape `apply` takes). */
  read: () => T;
  /** Puts values back into the form. */
  apply: (data: T) => void;
  /** Closes the form (its cancel). */
  close: () => void;
  storage?: DraftStorage | null;
}

/**
 * One open form's draft. `restored` when the form opened on a kept draft; `asking` while
 * the "discard what you wrote?" question is up. `sync()` keeps the draft as the form
 * changes (`useDraft` calls it from an effect); values equal to those the form opened with
 * are no draft at all.
 */
export class Draft<T> {
  restored = $state(false);
  restoredAt = $state<number | null>(null);
  asking = $state(false);
  /** The last write of the draft failed (storage full or off): what is typed is not kept. */
  notKept = $state(false);
  /** False once saved or discarded: the closing form must not write the draft back. */
  private live = true;
  private readonly baseline: string;
  private written: string | null = null;
  private readonly storage: DraftStorage | null;

  constructor(private readonly opts: DraftOptions<T>) {
    this.storage = opts.storage === undefined ? browserStorage() : opts.storage;
    this.baseline = JSON.stringify(opts.read());
    const kept = readDraft<T>(opts.key, this.storage);
    if (!kept) return;
    const json = JSON.stringify(kept.data);
    if (json === this.baseline) {
      removeDraft(opts.key, this.storage);
      return;
    }
    opts.apply(kept.data);
    this.written = json;
    this.restored = true;
    this.restoredAt = kept.savedAt;
  }

  /** Whether the form differs from what it opened with (a restored draft counts). */
  get dirty(): boolean {
    return this.live && JSON.stringify(this.opts.read()) !== this.baseline;
  }

  /** Keeps the form's values now as the draft (or drops it if they are the opening ones). */
  sync(): void {
    const json = JSON.stringify(this.opts.read());
    if (!this.live || json === this.written) return;
    if (json === this.baseline) {
      removeDraft(this.opts.key, this.storage);
      this.notKept = false;
    } else {
      this.notKept = !writeDraft(this.opts.key, JSON.parse(json) as T, this.storage);
    }
    this.written = json;
  }

  /** Esc, ✕, Cancel or a click outside: closes a form with nothing typed, asks otherwise. */
  requestClose(): void {
    if (this.asking) {
      // A second Esc backs out of the question, never into losing the text.
      this.asking = false;
      return;
    }
    if (this.dirty) this.asking = true;
    else this.dropAndClose();
  }

  /** "Seguir editando": the question goes, the form stays. */
  keepEditing(): void {
    this.asking = false;
  }

  /** "Descartar": the draft is dropped and the form closes. */
  discard(): void {
    this.asking = false;
    this.dropAndClose();
  }

  /** Closes the form and keeps the draft for the next time it opens (a running timer too). */
  closeKeeping(): void {
    this.asking = false;
    this.sync();
    this.live = false;
    this.opts.close();
  }

  /** The restored note's "discard draft": back to the values the form opened with. */
  discardRestored(): void {
    removeDraft(this.opts.key, this.storage);
    this.opts.apply(JSON.parse(this.baseline) as T);
    this.written = this.baseline;
    this.restored = false;
    this.restoredAt = null;
  }

  /** A successful save: the draft is done with. */
  saved(): void {
    this.live = false;
    removeDraft(this.opts.key, this.storage);
  }

  private dropAndClose(): void {
    removeDraft(this.opts.key, this.storage);
    this.live = false;
    this.opts.close();
  }
}

/** What the draft bar (DraftBar.svelte) shows and does, whatever the form's values. */
export type DraftControls = Pick<
  Draft<unknown>,
  'asking' | 'restored' | 'restoredAt' | 'notKept' | 'discard' | 'closeKeeping' | 'keepEditing' | 'discardRestored'
>;

/** What a modal offers the form inside it: its close goes through the form's draft. */
export interface CloseGuard {
  request: (() => void) | null;
}
const GUARD = Symbol('close-guard');

/** Called by Modal: forms inside register how a close request is answered. */
export function provideCloseGuard(): CloseGuard {
  const guard: CloseGuard = { request: null };
  setContext(GUARD, guard);
  return guard;
}

/**
 * A form's draft, kept in sync as the user types, answering its modal's close requests
 * (Esc, ✕, a click outside) when the form is in one. Call during component setup.
 */
export function useDraft<T>(opts: DraftOptions<T>): Draft<T> {
  const draft = new Draft(opts);
  const guard = getContext<CloseGuard | undefined>(GUARD);
  if (guard) guard.request = () => draft.requestClose();
  $effect(() => {
    draft.sync();
  });
  $effect(() => () => {
    if (guard) guard.request = null;
  });
  return draft;
}

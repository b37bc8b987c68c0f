import { beforeEach, describe, expect, test } from 'vitest';
import { Draft, draftKey, readDraft, removeDraft, setDraftScope, writeDraft, type DraftStorage } from '../../src/lib/drafts.svelte';

/** localStorage's shape over a Map; `full` makes every write throw like a full quota. */
function memory(): DraftStorage & { map: Map<string, string>; full: boolean } {
  const map = new Map<string, string>();
  return {
    map,
    full: false,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      if (this.full) throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
}

/** A form: its values, and how many times it was closed. */
function form(storage: DraftStorage, key = 'k', initial = { note: '', timerStart: null as number | null }) {
  const state = { values: { ...initial }, closed: 0 };
  const draft = new Draft({
    key,
    storage,
    read: () => ({ ...state.values }),
    apply: (d) => (state.values = { ...d }),
    close: () => state.closed++,
  });
  return { state, draft };
}

describe('draft keys', () => {
  beforeEach(() => setDraftScope(''));

  test('kind, case and record each make a different draft, and so does the data folder', () => {
    const keys = new Set([
      draftKey('attempt', 'case-1'),
      draftKey('attempt', 'case-2'),
      draftKey('attempt', 'case-1', 'attempt-9'),
      draftKey('case'),
      draftKey('case', 'case-1', 'case-1'),
      draftKey('company'),
      draftKey('claimant'),
    ]);
    expect(keys.size).toBe(7);
    const here = draftKey('attempt', 'case-1');
    setDraftScope('/otra/carpeta');
    expect(draftKey('attempt', 'case-1')).not.toBe(here);
  });
});

describe('kept drafts', () => {
  test('round trip, and garbage under a key is dropped rather than thrown', () => {
    const s = memory();
    expect(writeDraft('a', { note: 'hola' }, s, 1234)).toBe(true);
    expect(readDraft('a', s)).toEqual({ savedAt: 1234, data: { note: 'hola' } });
    s.map.set('b', '{not json');
    expect(readDraft('b', s)).toBeNull();
    expect(s.map.has('b')).toBe(false);
    s.map.set('c', JSON.stringify({ data: 1 }));
    expect(readDraft('c', s)).toBeNull();
    removeDraft('a', s);
    expect(readDraft('a', s)).toBeNull();
  });

  test('a full or missing storage is reported, never thrown', () => {
    const s = memory();
    s.full = true;
    expect(writeDraft('a', { note: 'x' }, s)).toBe(false);
    expect(writeDraft('a', { note: 'x' }, null)).toBe(false);
    expect(readDraft('a', null)).toBeNull();
  });
});

describe('a form\'s draft', () => {
  test('typing keeps a draft; reopening restores it; values back to the start are no draft', () => {
    const s = memory();
    const a = form(s);
    a.draft.sync();
    expect(s.map.size).toBe(0);
    a.state.values.note = 'Dijeron que llamara el lunes';
    a.draft.sync();
    expect(readDraft<{ note: string }>('k', s)?.data.note).toBe('Dijeron que llamara el lunes');

    const b = form(s);
    expect(b.draft.restored).toBe(true);
    expect(b.draft.restoredAt).toBeTypeOf('number');
    expect(b.state.values.note).toBe('Dijeron que llamara el lunes');
    expect(b.draft.dirty).toBe(true);

    b.state.values.note = '';
    b.draft.sync();
    expect(s.map.size).toBe(0);
  });

  test('closing with nothing typed closes at once; with text it asks, and a second Esc backs out', () => {
    const s = memory();
    const a = form(s);
    a.draft.requestClose();
    expect(a.state.closed).toBe(1);

    const b = form(s);
    b.state.values.note = 'notas';
    b.draft.sync();
    b.draft.requestClose();
    expect(b.draft.asking).toBe(true);
    expect(b.state.closed).toBe(0);
    b.draft.requestClose();
    expect(b.draft.asking).toBe(false);
    expect(b.state.closed).toBe(0);
    b.draft.requestClose();
    b.draft.keepEditing();
    expect(b.draft.asking).toBe(false);
    expect(b.state.values.note).toBe('notas');
    expect(s.map.size).toBe(1);
  });

  test('discard drops the draft and closes; close-and-keep keeps it, timer start included', () => {
    const s = memory();
    const a = form(s);
    a.state.values = { note: 'x', timerStart: 1_700_000_000_000 };
    a.draft.sync();
    a.draft.requestClose();
    a.draft.closeKeeping();
    expect(a.state.closed).toBe(1);
    const b = form(s);
    expect(b.state.values.timerStart).toBe(1_700_000_000_000);
    b.draft.requestClose();
    b.draft.discard();
    expect(b.state.closed).toBe(1);
    expect(s.map.size).toBe(0);
    // The closing form's last sync must not bring it back.
    b.draft.sync();
    expect(s.map.size).toBe(0);
    expect(form(s).draft.restored).toBe(false);
  });

  test('the restored note\'s discard puts the form back as it opened', () => {
    const s = memory();
    writeDraft('k', { note: 'viejo', timerStart: null }, s);
    const a = form(s);
    expect(a.state.values.note).toBe('viejo');
    a.draft.discardRestored();
    expect(a.state.values.note).toBe('');
    expect(a.draft.restored).toBe(false);
    expect(a.draft.dirty).toBe(false);
    expect(s.map.size).toBe(0);
  });

  test('a successful save clears the draft for good', () => {
    const s = memory();
    const a = form(s);
    a.state.values.note = 'guardado';
    a.draft.sync();
    a.draft.saved();
    a.draft.sync();
    expect(s.map.size).toBe(0);
    expect(a.draft.dirty).toBe(false);
  });

  test('drafts of different forms stay apart', () => {
    const s = memory();
    const a = form(s, draftKey('attempt', 'case-1'));
    a.state.values.note = 'uno';
    a.draft.sync();
    const b = form(s, draftKey('attempt', 'case-2'));
    expect(b.draft.restored).toBe(false);
    expect(b.state.values.note).toBe('');
  });

  test('a storage that refuses writes is told, and still lets the form ask and close', () => {
    const s = memory();
    s.full = true;
    const a = form(s);
    expect(a.draft.notKept).toBe(false);
    a.state.values.note = 'x';
    a.draft.sync();
    expect(a.draft.notKept).toBe(true);
    // Room again: the next keystroke is kept and the warning goes.
    s.full = false;
    a.state.values.note = 'xy';
    a.draft.sync();
    expect(a.draft.notKept).toBe(false);
    s.full = true;
    a.state.values.note = 'xyz';
    a.draft.sync();
    a.draft.requestClose();
    expect(a.draft.asking).toBe(true);
    a.draft.discard();
    expect(a.state.closed).toBe(1);
  });
});

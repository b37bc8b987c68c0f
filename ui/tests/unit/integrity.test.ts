import { describe as group, expect, test } from 'vitest';
import { describe, lookupAttempts, MAX_LOOKUPS, partyNames, shortFingerprint, type IntegrityContext } from '../../src/lib/integrity';
import type { IntegrityProblem, IntegrityReport } from '../../src/lib/ipc/types';
import type { Revision } from '../../src/lib/bindings/Revision';

const FP = '3f2a9c1b77d0e412' + '0'.repeat(48);

function report(over: Partial<IntegrityReport> = {}): IntegrityReport {
  return { ok: true, links: 57, evidence_files: 4, evidence_checked: true, fingerprint: FP, problems: [], ...over };
}

function problem(over: Partial<IntegrityProblem>): IntegrityProblem {
  return {
    code: 'link_changed', chain: 'case:0190', index: null, kind: null, record_id: null, revision: null,
    attempt_number: null, file_name: null, sha256: null, detail: 'link 11 hash mismatch', ...over,
  };
}

const none: IntegrityContext = { attempts: new Map(), names: new Map() };

group('the verified state', () => {
  test('counts records and evidence files in words, with the fingerprint short and grouped', () => {
    const v = describe(report(), none, 'es', 'short');
    expect(v.ok).toBe(true);
    expect(v.headline).toBe('Todo cuadra: comprobamos 57 registros y 4 archivos de prueba, y ninguno se cambió ni se borró.');
    if (!v.ok) return;
    expect(v.notes).toEqual(['Están como se escribieron al anotarlos, y no se han reescrito desde entonces.']);
    expect(v.fingerprint).toBe('3f2a 9c1b 77d0 e412…');
    expect(v.headline).not.toContain('3f2a');
    const en = describe(report({ links: 1, evidence_files: 1 }), none, 'en', 'short');
    expect(en.headline).toBe('All good: we checked 1 record and 1 evidence file, and none was changed or deleted.');
  });

  test('a case without evidence does not mention files; a quick check says the files were not read', () => {
    expect(describe(report({ evidence_files: 0 }), none, 'es', 'short').headline).toBe(
      'Todo cuadra: comprobamos 57 registros, y ninguno se cambió ni se borró.',
    );
    const quick = describe(report({ evidence_checked: false }), none, 'en', 'short');
    expect(quick.headline).toBe('All good: we checked 57 records, and none was changed or deleted.');
    expect(quick.ok && quick.notes[1]).toBe('The evidence files were not read again in this check.');
  });

  test('big counts are grouped the language’s way', () => {
    expect(describe(report({ links: 12345 }), none, 'en', 'short').headline).toMatch(/^All good: we checked 12,345 records/);
  });
});

group('the broken state', () => {
  test('names attempt #12 by its date and channel and says what changed and what to do', () => {
    const ctx: IntegrityContext = { attempts: new Map([['att-12', { happened_at: '2026-02-03T09:15:00-06:00', channel: 'phone' }]]), names: new Map() };
    const r = report({ ok: false, problems: [problem({ index: 14, kind: 'attempt', record_id: 'att-12', revision: 1, attempt_number: 12 })] });
    const v = describe(r, ctx, 'es', 'short');
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.headline).toBe('Algo no cuadra: encontramos 1 problema en los datos de este caso.');
    expect(v.problems[0].subject).toBe('Intento #12 (3 feb 2026, 09:15, Teléfono)');
    expect(v.problems[0].what).toBe('Su contenido ya no coincide con lo que se guardó: se modificó después de anotarse.');
    expect(v.actions[0]).toMatch(/^Restaura la copia de seguridad/);
    expect(v.actions).toContain('Mientras no se resuelva, no exportes ni entregues ningún expediente de este caso.');
    // The English detail and the hash stay in the technical lines only.
    expect(v.problems[0].what).not.toContain('hash');
    expect(v.technical[1]).toBe('link_changed (case:0190, index 14, attempt, id att-12, revision 1): link 11 hash mismatch');
  });

  test('an attempt that could not be looked up is named by its number alone', () => {
    const v = describe(report({ ok: false, problems: [problem({ attempt_number: 12, record_id: 'x' })] }), none, 'en', 'short');
    expect(!v.ok && v.problems[0].subject).toBe('Attempt #12');
  });

  test('evidence by file name, parties by name, the rest by kind or position', () => {
    const names = partyNames([{ id: 'cl', full_name: 'Ana López' }], [{ id: 'co', trade_name: 'ConectaMóvil' }]);
    const r = report({
      ok: false,
      problems: [
        problem({ code: 'evidence_changed', kind: 'evidence', file_name: 'ticket.pdf', sha256: 'cd'.repeat(32) }),
        problem({ code: 'evidence_missing', kind: 'evidence', file_name: 'captura.png', attempt_number: 3 }),
        problem({ code: 'directory_changed', chain: 'directory', kind: 'claimant', record_id: 'cl' }),
        problem({ code: 'directory_changed', chain: 'directory', kind: 'company', record_id: 'co' }),
        problem({ code: 'links_removed', index: 57 }),
        problem({ code: 'bad_record', index: 4 }),
        problem({ code: 'brand_new_code', kind: 'case' }),
        problem({ code: 'revision_gap', kind: 'import', index: 9 }),
      ],
    });
    const es = describe(r, { attempts: new Map(), names }, 'es', 'short');
    if (es.ok) throw new Error('should be broken');
    expect(es.headline).toBe('Algo no cuadra: encontramos 8 problemas en los datos de este caso.');
    expect(es.problems.map((p) => `${p.subject}. ${p.what}`)).toEqual([
      'Prueba «ticket.pdf». El archivo cambió: ya no es el mismo que adjuntaste.',
      'Prueba «captura.png». El archivo ya no está en la carpeta de datos.',
      'Tus datos como reclamante (Ana López). No coinciden con lo que se guardó: se modificaron después de anotarse.',
      'Datos de la empresa ConectaMóvil. No coinciden con lo que se guardó: se modificaron después de anotarse.',
      'Historial del caso. Faltan los últimos registros del caso: se borraron después de guardarse.',
      'Registro 5 del caso. No se puede leer: su contenido está dañado.',
      'Datos del caso. Algo no cuadra en este registro.',
      'Registro de una importación. Falta una de sus versiones: su historial de correcciones está incompleto.',
    ]);
    expect(es.actions).toContain('Si no tienes una copia del archivo original, esa prueba ya no puede respaldar tu queja.');
    const en = describe(r, { attempts: new Map(), names }, 'en', 'short');
    expect(!en.ok && en.problems[0].subject).toBe('Evidence “ticket.pdf”');
    expect(!en.ok && en.problems[3].subject).toBe('Company details for ConectaMóvil');
  });

  test('ok false with no problem listed still reads as broken', () => {
    const v = describe(report({ ok: false }), none, 'en', 'short');
    expect(v.ok).toBe(false);
    expect(v.headline).toBe('Something is wrong: we found 1 problem in this case’s data.');
  });

  test('short fingerprints: empty stays empty, short ones are not cut', () => {
    expect(shortFingerprint('')).toBe('');
    expect(shortFingerprint('abcdef')).toBe('abcd ef');
    expect(shortFingerprint('0123456789abcdef')).toBe('0123 4567 89ab cdef');
  });
});

group('looking attempts up', () => {
  function rev(revision: number, body: unknown): Revision {
    return { kind: 'attempt', body, link_hash: '', previous_recorded_at: null, id: 'a', revision, recorded_at: '', reason: '', imported_at: null };
  }

  test('takes the revision the problem is about, once per record, and survives failures', async () => {
    const asked: string[] = [];
    const history = async (id: string) => {
      asked.push(id);
      if (id === 'gone') throw { code: 'not_found' };
      if (id === 'garbage') return [rev(1, 'not an object')];
      return [rev(1, { happened_at: '2026-01-01T10:00:00-06:00', channel: 'email' }), rev(2, { happened_at: '2026-01-02T10:00:00-06:00', channel: 'phone' })];
    };
    const r = report({
      ok: false,
      problems: [
        problem({ attempt_number: 1, record_id: 'a', revision: 1 }),
        problem({ attempt_number: 1, record_id: 'a', revision: 2 }),
        problem({ attempt_number: 2, record_id: 'gone' }),
        problem({ attempt_number: 3, record_id: 'garbage' }),
        problem({ attempt_number: 4, record_id: 'file', file_name: 'x.png' }),
      ],
    });
    const found = await lookupAttempts(r, history);
    expect(asked.sort()).toEqual(['a', 'garbage', 'gone']);
    expect([...found]).toEqual([['a', { happened_at: '2026-01-01T10:00:00-06:00', channel: 'email' }]]);
  });

  test('looks up at most MAX_LOOKUPS attempts however many problems there are', async () => {
    let calls = 0;
    const problems = Array.from({ length: 500 }, (_, i) => problem({ attempt_number: i + 1, record_id: `r${i}` }));
    await lookupAttempts(report({ ok: false, problems }), async () => (calls++, []));
    expect(calls).toBe(MAX_LOOKUPS);
  });
});

// What "Verificar integridad" says: an IntegrityReport from Rust turned into plain sentences
// in the UI's language (each problem translated by its stable code, naming the attempt, file
// or party it concerns) and what to do about it. Pure, unit-tested in tests/unit/integrity.test.ts.
import type { IntegrityProblem, IntegrityReport } from '$lib/ipc/types';
import type { Revision } from '$lib/bindings/Revision';
import { formatDate, type DateFormat } from './format';
import { hasKey, translate } from './i18n/translate';
import type { Lang, MessageKey } from './i18n/messages';

/** How an attempt reads in the timeline now: enough to find it there. */
export type AttemptLabel = { happened_at: string; channel: string };

/** What the report's ids point to, as far as the UI knows them. */
export type IntegrityContext = {
  /** Attempts by record id (looked up with `lookupAttempts`). */
  attempts: Map<string, AttemptLabel>;
  /** Claimant and company names by record id. */
  names: Map<string, string>;
};

export type ProblemView = {
  /** What it is about: "Intento #12 (3 feb 2026, 09:15, Teléfono)", "Prueba «ticket.pdf»". */
  subject: string;
  /** What is wrong, in plain words. */
  what: string;
  /** For advocates: the code, where in the chain, and Rust's English detail. */
  technical: string;
};

export type IntegrityView =
  | { ok: true; headline: string; notes: string[]; fingerprint: string; technical: string[] }
  | { ok: false; headline: string; problems: ProblemView[]; actions: string[]; technical: string[] };

const EVIDENCE_CODES = new Set(['evidence_missing', 'evidence_changed']);

function count(lang: Lang, n: number, one: MessageKey, other: MessageKey): string {
  return n === 1 ? translate(lang, one) : translate(lang, other, { n: n.toLocaleString(lang === 'es' ? 'es-MX' : 'en-US') });
}

/** The first 16 hex digits of a fingerprint in groups of four ("3f2a 9c1b 77d0 e412…"). */
export function shortFingerprint(hex: string): string {
  if (!hex) return '';
  const head = hex.slice(0, 16).match(/.{1,4}/g)?.join(' ') ?? '';
  return hex.length > 16 ? `${head}…` : head;
}

/** A whole fingerprint in groups of four, as the dossier prints it. */
export function groupedFingerprint(hex: string): string {
  return hex.match(/.{1,4}/g)?.join(' ') ?? '';
}

function subject(p: IntegrityProblem, ctx: IntegrityContext, lang: Lang, fmt: DateFormat): string {
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  if (p.file_name) return tr('verify.subject_file', { name: p.file_name });
  if (p.attempt_number != null) {
    const a = p.record_id ? ctx.attempts.get(p.record_id) : undefined;
    if (!a) return tr('verify.subject_attempt', { n: p.attempt_number });
    const channelKey = `channel.${a.channel}`;
    const channel = hasKey(channelKey) ? tr(channelKey) : a.channel;
    // The day and wall-clock time as the timeline shows them (no offset: it is only to find it).
    const date = `${formatDate(a.happened_at.slice(0, 10), lang, fmt)}, ${a.happened_at.slice(11, 16)}`;
    return tr('verify.subject_attempt_at', { n: p.attempt_number, date, channel });
  }
  const name = p.record_id ? ctx.names.get(p.record_id) : undefined;
  switch (p.kind) {
    case 'claimant':
      return name ? tr('verify.subject_claimant', { name }) : tr('verify.subject_claimant_unnamed');
    case 'company':
      return name ? tr('verify.subject_company', { name }) : tr('verify.subject_company_unnamed');
    case 'case':
      return tr('verify.subject_case');
    case 'evidence':
      return tr('verify.subject_evidence');
    case 'import':
      return tr('verify.subject_import');
  }
  if (p.code === 'links_removed') return tr('verify.subject_history');
  // Chain positions count from 0; people count from 1.
  return p.index != null ? tr('verify.subject_record', { n: p.index + 1 }) : tr('verify.subject_unknown');
}

function technical(p: IntegrityProblem): string {
  const where = [
    p.chain,
    p.index != null ? `index ${p.index}` : '',
    p.kind ?? '',
    p.record_id ? `id ${p.record_id}` : '',
    p.revision != null ? `revision ${p.revision}` : '',
    p.sha256 ? `sha256 ${p.sha256}` : '',
  ].filter(Boolean);
  return `${p.code} (${where.join(', ')}): ${p.detail}`;
}

/** The report as the case view shows it, in `lang`. */
export function describe(report: IntegrityReport, ctx: IntegrityContext, lang: Lang, fmt: DateFormat): IntegrityView {
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
  const summary = `links ${report.links}, evidence files ${report.evidence_files} (${report.evidence_checked ? 're-hashed' : 'not re-hashed'})`;
  if (report.ok && report.problems.length === 0) {
    const records = count(lang, report.links, 'verify.records_one', 'verify.records_other');
    const files = count(lang, report.evidence_files, 'verify.files_one', 'verify.files_other');
    const headline = report.evidence_files > 0 && report.evidence_checked ? tr('verify.ok', { records, files }) : tr('verify.ok_no_files', { records });
    const notes = [tr('verify.ok_note')];
    if (report.evidence_files > 0 && !report.evidence_checked) notes.push(tr('verify.files_not_checked'));
    const technical = [summary];
    if (report.fingerprint) technical.push(`fingerprint ${groupedFingerprint(report.fingerprint)}`);
    return { ok: true, headline, notes, fingerprint: shortFingerprint(report.fingerprint), technical };
  }
  const problems = report.problems.map((p) => {
    const key = `verify.problem.${p.code}`;
    return {
      subject: subject(p, ctx, lang, fmt),
      what: hasKey(key) ? tr(key) : tr('verify.problem.unknown'),
      technical: technical(p),
    };
  });
  // `ok` false with no problem listed should not happen; say something rather than nothing.
  const n = Math.max(report.problems.length, 1);
  const actions = [tr('verify.do_restore')];
  if (report.problems.some((p) => EVIDENCE_CODES.has(p.code))) actions.push(tr('verify.do_evidence'));
  actions.push(tr('verify.do_no_export'), tr('verify.do_advisor'));
  return {
    ok: false,
    headline: tr('verify.broken', { count: count(lang, n, 'verify.problems_one', 'verify.problems_other') }),
    problems,
    actions,
    technical: [summary, ...problems.map((p) => p.technical)],
  };
}

/** Claimant and company names by record id, for `IntegrityContext.names`. */
export function partyNames(claimants: { id: string; full_name: string }[], companies: { id: string; trade_name: string }[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of claimants) names.set(c.id, c.full_name);
  for (const c of companies) names.set(c.id, c.trade_name);
  return names;
}

/** Most attempts looked up to name them (one `record_history` call each). */
export const MAX_LOOKUPS = 50;

/**
 * The date and channel of the attempts the problems name, read from each record's history
 * (the revision the problem is about, else the latest). Best effort: a record that cannot
 * be read is simply named by its number.
 */
export async function lookupAttempts(
  report: IntegrityReport,
  history: (id: string) => Promise<Revision[]>,
): Promise<Map<string, AttemptLabel>> {
  const wanted = new Map<string, number | null>();
  for (const p of report.problems) {
    if (p.attempt_number != null && p.record_id && !p.file_name && !wanted.has(p.record_id)) wanted.set(p.record_id, p.revision);
    if (wanted.size >= MAX_LOOKUPS) break;
  }
  const out = new Map<string, AttemptLabel>();
  await Promise.all(
    [...wanted].map(async ([id, revision]) => {
      try {
        const revs = await history(id);
        const rev = revs.find((r) => r.revision === revision) ?? revs.at(-1);
        const body = rev?.body as Partial<AttemptLabel> | undefined;
        if (typeof body?.happened_at === 'string' && typeof body.channel === 'string') {
          out.set(id, { happened_at: body.happened_at, channel: body.channel });
        }
      } catch {
        // Named by number only.
      }
    }),
  );
  return out;
}

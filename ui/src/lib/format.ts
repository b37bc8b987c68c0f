// Pure formatting and parsing helpers for dates with offsets, durations and money
// (unit-tested in tests/unit/format.test.ts).
import type { Lang } from './i18n/messages';

const pad = (n: number, w = 2) => String(Math.trunc(Math.abs(n))).padStart(w, '0');

/** "YYYY-MM-DDTHH:mm" in the machine's local time, for <input type="datetime-local">. */
export function toInputValue(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "YYYY-MM-DD" in local time. */
export function toDateValue(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "+HH:MM" / "-HH:MM" for a JS `getTimezoneOffset()` value (minutes *behind* UTC). */
export function offsetString(tzOffsetMinutes: number): string {
  const east = -tzOffsetMinutes;
  const sign = east >= 0 ? '+' : '-';
  return `${sign}${pad(Math.floor(Math.abs(east) / 60))}:${pad(Math.abs(east) % 60)}`;
}

/**
 * An RFC 3339 timestamp with the local UTC offset in force at that moment, from a
 * datetime-local value ("2026-11-20T09:30"). `null` if the value is not a valid time.
 */
export function inputToOffsetIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const date = new Date(y, mo - 1, d, h, mi, s);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || date.getHours() !== h) {
    return null;
  }
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${pad(s)}${offsetString(date.getTimezoneOffset())}`;
}

/** The datetime-local value of an RFC 3339 timestamp, as written (its own offset kept). */
export function isoToInputValue(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]}T${m[2]}` : '';
}

const parts = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** How dates are written: "21 nov 2026", "21/11/2026" (11/21/2026 in English) or ISO "2026-11-21". */
export type DateFormat = 'short' | 'numeric' | 'iso';
export const DATE_FORMATS: DateFormat[] = ['short', 'numeric', 'iso'];

// Short month names as CLDR writes them for es-MX and en-US ("21 nov 2026", "Nov 21, 2026"),
// from a table rather than Intl: the first Intl object a page builds loads ICU's data, about
// 20 ms in WebKitGTK, and the case list's first frame shows dates.
const MONTHS: Record<Lang, string[]> = {
  es: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

// Sorting names the way the language does ("Ábaco" with the A's), one collator per language.
const collators = new Map<Lang, Intl.Collator>();
/** Compares two names as the UI language sorts them (accents and case aside). */
export function collator(lang: Lang): Intl.Collator {
  let c = collators.get(lang);
  if (!c) {
    c = new Intl.Collator(lang === 'es' ? 'es-MX' : 'en-US', { sensitivity: 'base', numeric: true });
    collators.set(lang, c);
  }
  return c;
}

/** Loads ICU's data (collation, money) ahead of need; called once the first screen has painted. */
export function warmIntl(lang: Lang): void {
  collator(lang).compare('a', 'b');
  formatMoney(0, 'MXN', lang);
}

/** One calendar day (year, month 1-12, day) in the chosen format. */
function formatDay(y: number, mo: number, d: number, lang: Lang, fmt: DateFormat): string {
  if (fmt === 'iso') return `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
  if (fmt === 'numeric') return lang === 'en' ? `${pad(mo)}/${pad(d)}/${y}` : `${pad(d)}/${pad(mo)}/${y}`;
  const month = MONTHS[lang][mo - 1];
  return lang === 'en' ? `${month} ${d}, ${y}` : `${d} ${month} ${y}`;
}

/**
 * A timestamp as it happened, in its own offset: "20 nov 2026, 09:30 (UTC−06:00)".
 * The wall-clock time is not converted, because the dossier shows what the user lived.
 */
export function formatDateTime(iso: string | null | undefined, lang: Lang, fmt: DateFormat = 'short'): string {
  if (!iso) return '—';
  const m = parts.exec(iso);
  if (!m) return iso;
  const [, y, mo, d, h, mi, , off] = m;
  const day = formatDay(Number(y), Number(mo), Number(d), lang, fmt);
  const offset = off === 'Z' ? 'UTC' : `UTC${off.replace('-', '−')}`;
  return `${day}, ${h}:${mi} (${offset})`;
}

/** An instant (e.g. when a revision was recorded) in this machine's local time. */
export function formatLocalDateTime(iso: string | null | undefined, lang: Lang, fmt: DateFormat = 'short'): string {
  if (!iso) return '—';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  return `${formatDay(t.getFullYear(), t.getMonth() + 1, t.getDate(), lang, fmt)}, ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** A calendar date ("2026-11-20") in the chosen format. */
export function formatDate(date: string | null | undefined, lang: Lang, fmt: DateFormat = 'short'): string {
  if (!date) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return formatDay(Number(m[1]), Number(m[2]), Number(m[3]), lang, fmt);
}

/**
 * What a date or datetime-local input holds ("2026-12-02", "2026-12-02T18:05"), written in
 * the UI's language ("2 dic 2026, 18:05"): shown under date inputs, whose own display
 * follows the system's locale rather than the UI's. Empty when the value is not a date.
 */
export function formatInputValue(value: string, lang: Lang, fmt: DateFormat = 'short'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(value);
  if (!m) return '';
  const day = formatDay(Number(m[1]), Number(m[2]), Number(m[3]), lang, fmt);
  return m[4] ? `${day}, ${m[4]}:${m[5]}` : day;
}

/** "m:ss" or "h:mm:ss". */
export function formatDuration(secs: number | null | undefined): string {
  if (secs == null) return '';
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Seconds from "m:ss", "h:mm:ss" or plain minutes ("12"); `null` when empty, `NaN` when not a duration. */
export function parseDuration(text: string): number | null {
  const v = text.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return Number(v) * 60;
  const m = /^(?:(\d+):)?(\d{1,3}):(\d{2})$/.exec(v);
  if (!m || Number(m[3]) > 59) return NaN;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** A long wait in days / hours / minutes, biggest unit only. */
export function formatWait(secs: number | null | undefined, lang: Lang): string {
  if (secs == null) return '—';
  const days = Math.floor(secs / 86400);
  if (days >= 1) return lang === 'es' ? `${days} d` : `${days} d`;
  const hours = Math.floor(secs / 3600);
  if (hours >= 1) return `${hours} h`;
  return `${Math.floor(secs / 60)} min`;
}

const MONEY_LOCALES: Record<Lang, string> = { es: 'es-MX', en: 'en-US' };
// The symbols es-MX and en-US use, for a system whose ICU lacks the language's data.
const MONEY_SYMBOLS: Record<Lang, Record<string, string>> = {
  es: { MXN: '$' },
  en: { USD: '$', MXN: 'MX$', EUR: '€', GBP: '£', CAD: 'CA$' },
};

/** "1,234.50" with the sign in front and the symbol after it ("-$1,234.50", "USD 1,234.50"). */
function plainMoney(minor: number, currency: string, lang: Lang): string {
  const abs = Math.abs(minor);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = MONEY_SYMBOLS[lang][currency] ?? `${currency}\u00a0`;
  return `${minor < 0 ? '-' : ''}${symbol}${whole}.${pad(abs % 100)}`;
}

/**
 * Money from minor units in the case's currency, written as the UI's language does (es-MX,
 * en-US) whatever the system's locale: 123450 MXN -> "$1,234.50" in Spanish, "MX$1,234.50"
 * in English; 123450 USD -> "USD 1,234.50" in Spanish.
 */
export function formatMoney(minor: number, currency: string, lang: Lang): string {
  const locale = MONEY_LOCALES[lang];
  let f: Intl.NumberFormat;
  try {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
  // Without the language's data ICU falls back to the system's locale ("1.234,50 $" on a
  // German system): the UI's language decides, so it is written by hand then.
  const got = f.resolvedOptions().locale;
  if (got === locale || got.startsWith(`${locale}-`)) return f.format(minor / 100);
  return plainMoney(minor, currency, lang);
}

/** Minor units from what a person types: "1,234.50", "1234,5", "$ 99". `NaN` if not a number. */
export function parseMoney(text: string): number | null {
  let v = text.replace(/[\s$€£]/g, '');
  if (!v) return null;
  const neg = v.startsWith('-');
  if (neg) v = v.slice(1);
  const lastSep = Math.max(v.lastIndexOf('.'), v.lastIndexOf(','));
  let whole = v;
  let frac = '';
  if (lastSep >= 0 && v.length - lastSep - 1 <= 2) {
    whole = v.slice(0, lastSep);
    frac = v.slice(lastSep + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(frac) || (whole + frac).length === 0) return NaN;
  const minor = Number(whole || '0') * 100 + Number((frac + '00').slice(0, 2));
  return neg ? -minor : minor;
}

/** Whole days from a calendar date to `now`. */
export function daysSince(date: string, now: Date): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return 0;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.max(0, Math.round((today - start) / 86400000));
}

/** Human file size. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

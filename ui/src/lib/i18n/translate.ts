// Pure translation helpers (unit-tested): pick a language, look a key up, fill {params}.
import { messages, type Lang, type MessageKey } from './messages';

/** The first supported language among the OS/browser preferences; Spanish otherwise. */
export function detectLang(preferred: readonly string[]): Lang {
  for (const p of preferred) {
    const base = p.toLowerCase().split(/[-_]/)[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'es';
}

export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = messages[lang][key] ?? messages.es[key] ?? key;
  if (!text.includes('{')) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Whether `key` is a known message (error codes come from Rust and may be new). */
export function hasKey(key: string): key is MessageKey {
  return key in messages.es;
}

/** The message for a top-level error code, falling back to the generic one. */
export function errorMessage(lang: Lang, code: string): string {
  const key = `code.${code}`;
  return hasKey(key) ? translate(lang, key) : translate(lang, 'code.unknown');
}

/** The message for a field error code, falling back to "not valid". */
export function fieldMessage(lang: Lang, code: string): string {
  const key = `err.${code}`;
  return hasKey(key) ? translate(lang, key) : translate(lang, 'err.invalid');
}

// The UI's current language and date format as reactive state, and `t()` bound to it. "auto" follows the OS.
import type { Lang, MessageKey } from './messages';
import type { DateFormat } from '$lib/format';
import { detectLang, errorMessage, fieldMessage, translate } from './translate';

export type { Lang, MessageKey };

function osLang(): Lang {
  return typeof navigator === 'undefined' ? 'es' : detectLang(navigator.languages ?? [navigator.language]);
}

export const i18n = $state<{ lang: Lang; choice: 'auto' | Lang; dateFormat: DateFormat; embedLimitMb: number | null }>({
  lang: osLang(),
  choice: 'auto',
  dateFormat: 'short',
  embedLimitMb: null,
});

/** The settings as they are now, to save together (language, date format, embed limit). */
export function currentSettings(): { language: 'auto' | Lang; date_format: DateFormat; embed_limit_mb: number | null } {
  return { language: i18n.choice, date_format: i18n.dateFormat, embed_limit_mb: i18n.embedLimitMb };
}

/** Evidence over this many MB stays out of exported PDFs (`null`: all inside). */
export function setEmbedLimit(mb: number | null): void {
  i18n.embedLimitMb = mb;
}

/** How every date in the UI is written (saved in the settings beside the language). */
export function setDateFormat(fmt: DateFormat): void {
  i18n.dateFormat = fmt;
}

export function setLanguage(choice: 'auto' | Lang): void {
  i18n.choice = choice;
  i18n.lang = choice === 'auto' ? osLang() : choice;
  if (typeof document !== 'undefined') document.documentElement.lang = i18n.lang;
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(i18n.lang, key, params);
}

export function tError(code: string): string {
  return errorMessage(i18n.lang, code);
}

export function tField(code: string): string {
  return fieldMessage(i18n.lang, code);
}

// The UI's current language as reactive state, and `t()` bound to it. "auto" follows the OS.
import type { Lang, MessageKey } from './messages';
import { detectLang, errorMessage, fieldMessage, translate } from './translate';

export type { Lang, MessageKey };

function osLang(): Lang {
  return typeof navigator === 'undefined' ? 'es' : detectLang(navigator.languages ?? [navigator.language]);
}

export const i18n = $state<{ lang: Lang; choice: 'auto' | Lang }>({ lang: osLang(), choice: 'auto' });

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

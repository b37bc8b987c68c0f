import { describe, expect, test } from 'vitest';
import validateRs from '../../../src-tauri/crates/core/src/validate.rs?raw';
import { messages } from '../../src/lib/i18n/messages';
import { detectLang, errorMessage, fieldMessage, translate } from '../../src/lib/i18n/translate';

describe('i18n', () => {
  test('every key exists in both languages and is not empty', () => {
    const es = Object.keys(messages.es).sort();
    const en = Object.keys(messages.en).sort();
    expect(en).toEqual(es);
    for (const lang of ['es', 'en'] as const) {
      for (const [k, v] of Object.entries(messages[lang])) expect(v.trim(), `${lang}:${k}`).not.toBe('');
    }
  });

  test('placeholders match between languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(messages.es) as (keyof typeof messages.es)[]) {
      expect(names(messages.en[k]), k).toEqual(names(messages.es[k]));
    }
  });

  test('detects the OS language, Spanish by default', () => {
    expect(detectLang(['en-US', 'es'])).toBe('en');
    expect(detectLang(['fr-FR', 'es-MX'])).toBe('es');
    expect(detectLang(['de'])).toBe('es');
    expect(detectLang(['EN_gb'])).toBe('en');
    expect(detectLang([])).toBe('es');
  });

  test('fills parameters and leaves unknown ones visible', () => {
    expect(translate('es', 'cases.overdue', { n: 2 })).toBe('2 promesa(s) vencida(s)');
    expect(translate('en', 'export.done', { path: '/tmp/a.pdf' })).toBe('Saved to /tmp/a.pdf');
    expect(translate('en', 'export.done')).toBe('Saved to {path}');
  });

  test('error codes from Rust translate, unknown ones fall back', () => {
    expect(errorMessage('es', 'db_too_new')).toMatch(/versión más nueva/);
    expect(errorMessage('en', 'brand_new_code')).toBe('Something went wrong.');
    expect(fieldMessage('en', 'in_future')).toBe('Cannot be in the future.');
    expect(fieldMessage('es', 'never_seen')).toBe('El valor no es válido.');
  });

  test('every field code validate.rs gives has its own message in both languages', () => {
    const codes = new Set([...validateRs.matchAll(/\.push\(\s*(?:"[^"]*"|&?\w+),\s*"([a-z0-9_]+)"/g)].map((m) => m[1]));
    expect(codes.size).toBeGreaterThan(10);
    for (const code of codes) {
      expect(Object.keys(messages.es), code).toContain(`err.${code}`);
      expect(Object.keys(messages.en), code).toContain(`err.${code}`);
    }
  });
});

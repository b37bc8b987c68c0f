import { describe, expect, test, vi } from 'vitest';
import {
  daysSince, formatDate, formatDateTime, formatLocalDateTime, formatDuration, formatInputValue, formatMoney, inputToOffsetIso, isoToInputValue, offsetString,
  parseDuration, parseMoney, toInputValue,
} from '../../src/lib/format';

describe('dates with offsets', () => {
  test('offset strings from getTimezoneOffset', () => {
    expect(offsetString(360)).toBe('-06:00');
    expect(offsetString(-330)).toBe('+05:30');
    expect(offsetString(0)).toBe('+00:00');
  });

  test('datetime-local values become RFC 3339 with the local offset', () => {
    const iso = inputToOffsetIso('2026-03-02T09:15');
    expect(iso).toMatch(/^2026-03-02T09:15:00[+-]\d{2}:\d{2}$/);
    const expected = offsetString(new Date(2026, 2, 2, 9, 15).getTimezoneOffset());
    expect(iso?.endsWith(expected)).toBe(true);
    expect(inputToOffsetIso('2026-02-30T10:00')).toBeNull();
    expect(inputToOffsetIso('yesterday')).toBeNull();
    expect(inputToOffsetIso('')).toBeNull();
  });

  test('round trip to the input keeps the wall-clock time as written', () => {
    expect(isoToInputValue('2026-11-20T09:30:00-06:00')).toBe('2026-11-20T09:30');
    expect(toInputValue(new Date(2026, 0, 5, 7, 3))).toBe('2026-01-05T07:03');
  });

  test('display keeps the time as it happened, with its offset', () => {
    expect(formatDateTime('2026-11-20T09:30:00-06:00', 'es')).toMatch(/20 nov.* 2026, 09:30 \(UTC−06:00\)/);
    expect(formatDateTime('2026-11-20T23:59:59.123Z', 'en')).toBe('Nov 20, 2026, 23:59 (UTC)');
    expect(formatDateTime(null, 'en')).toBe('—');
    expect(formatDateTime('garbage', 'en')).toBe('garbage');
  });

  test('the chosen date format: words, numbers or ISO', () => {
    expect(formatDateTime('2026-11-21T09:05:00-06:00', 'es', 'numeric')).toBe('21/11/2026, 09:05 (UTC−06:00)');
    expect(formatDateTime('2026-11-21T09:05:00-06:00', 'en', 'numeric')).toBe('11/21/2026, 09:05 (UTC−06:00)');
    expect(formatDateTime('2026-11-21T09:05:00Z', 'en', 'iso')).toBe('2026-11-21, 09:05 (UTC)');
    expect(formatDate('2026-03-04', 'es', 'iso')).toBe('2026-03-04');
    expect(formatDate('2026-03-04', 'es', 'numeric')).toBe('04/03/2026');
    expect(formatDate('2026-03-04', 'es')).toMatch(/^4 mar.* 2026$/);
    expect(formatLocalDateTime('2026-03-04T10:20:00', 'es', 'iso')).toBe('2026-03-04, 10:20');
    expect(formatLocalDateTime('nope', 'es', 'iso')).toBe('nope');
  });

  test('days since a date', () => {
    expect(daysSince('2026-11-01', new Date(2026, 10, 23, 12))).toBe(22);
    expect(daysSince('2026-12-01', new Date(2026, 10, 23))).toBe(0);
  });
});

describe('durations and money', () => {
  test('durations parse and format', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(null)).toBe('');
    expect(parseDuration('1:05')).toBe(65);
    expect(parseDuration('1:02:05')).toBe(3725);
    expect(parseDuration('12')).toBe(720);
    expect(parseDuration('')).toBeNull();
    expect(parseDuration('1:75')).toBeNaN();
    expect(parseDuration('abc')).toBeNaN();
  });

  test('money parses what people type, in minor units', () => {
    expect(parseMoney('1,234.50')).toBe(123450);
    expect(parseMoney('1.234,50')).toBe(123450);
    expect(parseMoney('$ 99')).toBe(9900);
    expect(parseMoney('8999.9')).toBe(899990);
    expect(parseMoney('-5')).toBe(-500);
    expect(parseMoney('')).toBeNull();
    expect(parseMoney('doce')).toBeNaN();
  });

  test('money formats by locale', () => {
    expect(formatMoney(123450, 'MXN', 'en')).toBe('MX$1,234.50');
    expect(formatMoney(123450, 'USD', 'en')).toBe('$1,234.50');
    expect(formatMoney(100, 'ZZZZ', 'en')).toBe('1.00 ZZZZ');
    expect(formatMoney(123450, 'MXN', 'es')).toBe('$1,234.50');
    expect(formatMoney(123450, 'USD', 'es').replace(/\s/g, ' ')).toBe('USD 1,234.50');
  });

  test('money follows the UI language even when ICU lacks its data (falls back to the system locale)', () => {
    const Real = Intl.NumberFormat;
    // An ICU without es-MX / en-US: every formatter resolves to de-DE and writes German.
    const german = function (_locale: string, options: Intl.NumberFormatOptions) {
      return new Real('de-DE', options);
    } as unknown as typeof Intl.NumberFormat;
    vi.stubGlobal('Intl', { ...Intl, NumberFormat: german });
    try {
      expect(formatMoney(123450, 'MXN', 'es')).toBe('$1,234.50');
      expect(formatMoney(-899900, 'MXN', 'es')).toBe('-$8,999.00');
      expect(formatMoney(123456789, 'USD', 'es')).toBe('USD\u00a01,234,567.89');
      expect(formatMoney(123450, 'MXN', 'en')).toBe('MX$1,234.50');
      expect(formatMoney(5, 'EUR', 'en')).toBe('€0.05');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(formatMoney(123450, 'MXN', 'es')).toBe('$1,234.50');
  });
});

describe('date inputs written in the UI language', () => {
  test('date and datetime-local values', () => {
    expect(formatInputValue('2026-12-02', 'es')).toBe('2 dic 2026');
    expect(formatInputValue('2026-12-02T18:05', 'es')).toBe('2 dic 2026, 18:05');
    expect(formatInputValue('2026-12-02T18:05', 'es', 'numeric')).toBe('02/12/2026, 18:05');
    expect(formatInputValue('2026-12-02T18:05', 'en', 'numeric')).toBe('12/02/2026, 18:05');
    expect(formatInputValue('2026-12-02', 'en')).toBe('Dec 2, 2026');
    expect(formatInputValue('', 'es')).toBe('');
    expect(formatInputValue('mañana', 'es')).toBe('');
  });
});

describe('short dates without Intl', () => {
  // The month names WebKitGTK's ICU gives for es-MX and en-US (checked in the real window).
  test('every month in Spanish and English, day unpadded', () => {
    const es = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sept', 'oct', 'nov', 'dic'];
    const en = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    for (let m = 1; m <= 12; m++) {
      const date = `2026-${String(m).padStart(2, '0')}-05`;
      expect(formatDate(date, 'es')).toBe(`5 ${es[m - 1]} 2026`);
      expect(formatDate(date, 'en')).toBe(`${en[m - 1]} 5, 2026`);
    }
    expect(formatDateTime('2026-09-30T18:07:00-05:00', 'es')).toBe('30 sept 2026, 18:07 (UTC−05:00)');
  });
});

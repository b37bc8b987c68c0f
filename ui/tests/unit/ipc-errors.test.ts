import { describe, expect, test } from 'vitest';
import { errorsByField, toAppError } from '../../src/lib/ipc/errors';

describe('ipc error mapping', () => {
  test('a shell error keeps code, field and every field error', () => {
    const e = toAppError({
      code: 'invalid',
      field: 'attempt.happened_at',
      message: 'attempt.happened_at: cannot be in the future',
      fields: [
        { field: 'attempt.happened_at', code: 'in_future', message: 'cannot be in the future' },
        { field: 'attempt.promised_by', code: 'required', message: 'is required' },
        { nonsense: true },
      ],
    });
    expect(e.code).toBe('invalid');
    expect(e.field).toBe('attempt.happened_at');
    expect(e.fields).toHaveLength(2);
    expect(errorsByField(e, 'attempt')).toEqual({ happened_at: ['in_future'], promised_by: ['required'] });
  });

  test('errors without fields, plain strings and exceptions', () => {
    expect(toAppError({ code: 'db_too_new', message: 'newer' })).toEqual({ code: 'db_too_new', field: undefined, message: 'newer', fields: [] });
    expect(toAppError('invalid args `draft` for command `log_attempt`').code).toBe('ipc');
    expect(toAppError(new Error('boom'))).toEqual({ code: 'ipc', message: 'boom', fields: [] });
    expect(toAppError(42).code).toBe('unknown');
  });

  test('field errors of other records keep their full name', () => {
    const e = toAppError({ code: 'invalid', message: '', fields: [{ field: 'revision.reason', code: 'required', message: '' }] });
    expect(errorsByField(e, 'attempt')).toEqual({ 'revision.reason': ['required'] });
    expect(errorsByField(e, 'revision')).toEqual({ reason: ['required'] });
    expect(errorsByField(null, 'attempt')).toEqual({});
  });
});

// What a failed command gives the UI, and how any thrown value becomes one.
// The Rust shell sends {code, field?, message, fields?}; Tauri itself may reject with a plain
// string (e.g. an argument that did not deserialize), which becomes code "ipc".

export interface FieldErr {
  field: string;
  code: string;
  message: string;
}

export interface AppError {
  code: string;
  field?: string;
  message: string;
  fields: FieldErr[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isFieldErr(v: unknown): v is FieldErr {
  return isObject(v) && typeof v.field === 'string' && typeof v.code === 'string';
}

/** Normalizes anything a rejected invoke can throw into an AppError. */
export function toAppError(e: unknown): AppError {
  if (isObject(e) && typeof e.code === 'string') {
    const fields = Array.isArray(e.fields) ? e.fields.filter(isFieldErr) : [];
    const message = typeof e.message === 'string' ? e.message : e.code;
    const field = typeof e.field === 'string' ? e.field : fields[0]?.field;
    return { code: e.code, field, message, fields: fields.map((f) => ({ ...f, message: String(f.message ?? '') })) };
  }
  if (typeof e === 'string') return { code: 'ipc', message: e, fields: [] };
  if (e instanceof Error) return { code: 'ipc', message: e.message, fields: [] };
  return { code: 'unknown', message: String(e), fields: [] };
}

/**
 * Field errors keyed by the input they belong to: `attempt.happened_at` -> `happened_at`
 * when `prefix` is `attempt`. Each key maps to its error codes, first one first.
 */
export function errorsByField(e: AppError | null, prefix: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!e) return out;
  for (const f of e.fields) {
    const key = f.field.startsWith(prefix + '.') ? f.field.slice(prefix.length + 1) : f.field;
    (out[key] ??= []).push(f.code);
  }
  return out;
}

// The error catalog: every error a client can see has a stable id, an HTTP status and a message for a person.
// Services throw AppError; one handler (src/http/plugins/errors.ts) turns it into the error shape. The table
// itself lives in src/shared/errors.ts, which the web UI imports too.
import { ERRORS, type ErrorId, type FieldError } from '../shared/errors.ts';

export { ERRORS, type ErrorId, type FieldError };

export class AppError extends Error {
  readonly id: ErrorId;
  readonly status: number;
  readonly fields: FieldError[];
  readonly details: unknown;

  constructor(id: ErrorId, message?: string, options: { fields?: FieldError[]; details?: unknown; cause?: unknown } = {}) {
    super(message ?? ERRORS[id].message, { cause: options.cause });
    this.name = 'AppError';
    this.id = id;
    this.status = ERRORS[id].status;
    this.fields = options.fields ?? [];
    this.details = options.details;
  }
}

export const notFound = (what = 'Not found.') => new AppError('not_found', what);

export function fieldError(field: string, message: string): AppError {
  return new AppError('validation', `${field}: ${message}`, { fields: [{ field, message }] });
}

function fieldsOf(err: unknown): FieldError[] | undefined {
  return err instanceof AppError && err.id === 'validation' && err.fields.length > 0 ? [...err.fields] : undefined;
}

/** Throws one validation error naming every bad field, when there is any. */
export function throwFields(fields: FieldError[]): void {
  if (fields.length > 0) throw new AppError('validation', fields.map((f) => `${f.field}: ${f.message}`).join(' '), { fields });
}

/** Runs every check; the field errors they raise are gathered into one validation error naming each bad field. */
export function collectFieldErrors(checks: (() => void)[]): void {
  const fields: FieldError[] = [];
  for (const check of checks) {
    try {
      check();
    } catch (err) {
      const f = fieldsOf(err);
      if (!f) throw err;
      fields.push(...f);
    }
  }
  throwFields(fields);
}

/** The same for checks that may be asynchronous (they run one after the other). */
export async function collectFieldErrorsAsync(checks: (() => unknown)[]): Promise<void> {
  const fields: FieldError[] = [];
  for (const check of checks) {
    try {
      await check();
    } catch (err) {
      const f = fieldsOf(err);
      if (!f) throw err;
      fields.push(...f);
    }
  }
  throwFields(fields);
}

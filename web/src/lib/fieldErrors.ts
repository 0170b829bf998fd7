// Field errors from the API, grouped by field name, and the ones no input on the form shows.
import type { ApiError } from '../api.ts';

export type FieldMessages = Record<string, string>;

export function fieldMessages(error: ApiError | undefined): FieldMessages {
  const out: FieldMessages = {};
  for (const f of error?.fields ?? []) {
    const prior = out[f.field];
    out[f.field] = prior ? `${prior} ${f.message}` : f.message;
  }
  return out;
}

/** Field errors for fields the form has no input for (shown in the error message instead). */
export function otherFieldErrors(error: ApiError | undefined, shown: readonly string[]): { field: string; message: string }[] {
  return (error?.fields ?? []).filter((f) => !shown.includes(f.field));
}

/** Field errors from the API as a list per field (a refused password has one reason per rule it breaks). */
export function fieldMessageLists(error: ApiError | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of error?.fields ?? []) (out[f.field] ??= []).push(f.message);
  return out;
}

// A report submission as the reporter sends it, and the same after validation (what the inbox stores and the
// builder reads). Validation names every bad field in one error.
import type { Session } from '../../access/session.ts';
import { collectFieldErrorsAsync, fieldError, throwFields, AppError, type FieldError } from '../../errors/catalog.ts';
import { cleanName } from '../names.ts';
import { cleanCwe, cleanDate, cleanEmail, cleanPgpKey, cleanText, FOUND_BY, scoreForReport } from './validation.ts';

export const REPORT_TITLE_MAX = 300;
export const REPORT_TEXT_MAX = 100_000;

export interface ReportSubmission {
  title: string;
  description: string;
  productId: number;
  affectedVersions?: string;
  steps?: string;
  impact?: string;
  component?: string;
  cvssVector?: string;
  cweId?: number;
  foundBy?: string;
  contactName?: string;
  contactEmail?: string;
  pgpPublicKey?: string;
  creditName?: string;
  creditConsent?: boolean;
  preferredDisclosureDate?: string;
}

/** A submission after validation. Stored as JSON in the inbox: only JSON types here. */
export interface CleanSubmission {
  title: string;
  description: string;
  steps: string;
  impact: string;
  affectedVersionsText: string;
  component: string;
  cvss: { vector: string; version: string; score: number; severity: string } | null;
  cweId: number | null;
  foundBy: string;
  contactName: string;
  contactEmail: string | null;
  pgpKey: string | null;
  creditName: string;
  creditConsent: boolean;
  /** YYYY-MM-DD */
  preferredDisclosureOn: string | null;
}

/** The text with every unpaired UTF-16 surrogate replaced by U+FFFD (String.prototype.toWellFormed). */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export const unknownProductError = (id: number) =>
  fieldError('productId', `there is no product with id ${id}; choose one from the catalogue or "Other / not sure".`);

/**
 * Validates every field. `productExists` is asked only when another field is bad too, so that one answer
 * names them all; otherwise the statement that stores the submission checks the product.
 */
export async function cleanSubmission(
  s: Session,
  input: ReportSubmission,
  at: Date,
  productExists: (id: number) => Promise<boolean>,
): Promise<CleanSubmission> {
  const v: CleanSubmission = {
    title: '',
    description: '',
    steps: '',
    impact: '',
    affectedVersionsText: '',
    component: '',
    contactName: '',
    creditName: '',
    cvss: null,
    cweId: null,
    foundBy: input.foundBy ?? 'responsible_disclosure',
    contactEmail: null,
    pgpKey: null,
    creditConsent: input.creditConsent ?? false,
    preferredDisclosureOn: null,
  };
  try {
    await collectFieldErrorsAsync([
      () => {
        v.title = cleanName('title', input.title, REPORT_TITLE_MAX).name;
      },
      () => {
        v.description = cleanText('description', input.description, REPORT_TEXT_MAX, { required: true });
      },
      () => {
        v.steps = cleanText('steps', input.steps ?? '', REPORT_TEXT_MAX);
      },
      () => {
        v.impact = cleanText('impact', input.impact ?? '', REPORT_TEXT_MAX);
      },
      () => {
        v.affectedVersionsText = cleanText('affectedVersions', input.affectedVersions ?? '', 2_000);
      },
      () => {
        v.component = cleanText('component', input.component ?? '', 200);
      },
      () => {
        v.cvss = input.cvssVector ? scoreForReport('cvssVector', input.cvssVector) : null;
      },
      () => {
        v.cweId = input.cweId === undefined ? null : cleanCwe('cweId', input.cweId);
      },
      () => {
        if (!(FOUND_BY as readonly string[]).includes(v.foundBy)) throw fieldError('foundBy', `must be one of: ${FOUND_BY.join(', ')}.`);
      },
      () => {
        v.contactEmail = input.contactEmail ? cleanEmail('contactEmail', input.contactEmail) : null;
        if (s.kind !== 'user' && !v.contactEmail) {
          throw fieldError('contactEmail', 'is needed when you are not signed in, so the team can reach you.');
        }
      },
      () => {
        v.contactName = cleanText('contactName', input.contactName ?? '', 200);
      },
      () => {
        v.creditName = cleanText('creditName', input.creditName ?? '', 200);
      },
      async () => {
        v.pgpKey = input.pgpPublicKey ? await cleanPgpKey('pgpPublicKey', input.pgpPublicKey, at) : null;
      },
      () => {
        v.preferredDisclosureOn = input.preferredDisclosureDate
          ? cleanDate('preferredDisclosureDate', input.preferredDisclosureDate, at)
          : null;
      },
    ]);
  } catch (err) {
    if (!(err instanceof AppError) || err.id !== 'validation') throw err;
    const fields: FieldError[] = [...err.fields];
    if (!(await productExists(input.productId))) fields.push(...unknownProductError(input.productId).fields);
    throwFields(fields);
  }
  // Text with an unpaired UTF-16 surrogate cannot be stored as JSON in PostgreSQL: it becomes U+FFFD, as
  // text parameters always did.
  for (const key of Object.keys(v) as (keyof CleanSubmission)[]) {
    const value = v[key];
    if (typeof value === 'string') (v as unknown as Record<string, unknown>)[key] = wellFormed(value);
  }
  if (v.cvss) v.cvss = { ...v.cvss, vector: wellFormed(v.cvss.vector) };
  return v;
}

// The report form's values, the checks made before sending (so every missing field is named at once, not one
// per round trip), and the API body built from the values. The server checks everything again.
import { ApiError, type FieldError } from '../../api.ts';
import { fileProblem, type IntakeLimits } from './attachmentLimits.ts';
import type { Cwe } from '../cwe/cweApi.ts';
import type { ReportSubmission } from './reporterApi.ts';

export interface ReportFormValues {
  title: string;
  description: string;
  /** '' until chosen. */
  productId: string;
  affectedVersions: string;
  steps: string;
  impact: string;
  component: string;
  cvssVector: string;
  cwe: Cwe | undefined;
  contactName: string;
  contactEmail: string;
  pgpPublicKey: string;
  creditName: string;
  creditConsent: boolean;
  preferredDisclosureDate: string;
}

export const EMPTY_REPORT: ReportFormValues = {
  title: '',
  description: '',
  productId: '',
  affectedVersions: '',
  steps: '',
  impact: '',
  component: '',
  cvssVector: '',
  cwe: undefined,
  contactName: '',
  contactEmail: '',
  pgpPublicKey: '',
  creditName: '',
  creditConsent: false,
  preferredDisclosureDate: '',
};

/** Until the server's limits are known (GET /api/intake/limits). */
export const MAX_ATTACHMENTS = 5;

/** Every field the form shows next to an input (other field errors go into the error message). */
export const REPORT_FIELDS = [
  'title',
  'description',
  'productId',
  'affectedVersions',
  'steps',
  'impact',
  'component',
  'cvssVector',
  'cweId',
  'contactName',
  'contactEmail',
  'pgpPublicKey',
  'creditName',
  'creditConsent',
  'preferredDisclosureDate',
  'file',
] as const;

/**
 * What can be known before sending: required fields, the files against the server's attachment limits (their
 * number, types and sizes), and the server's verdict on the CVSS vector (`vectorError`, from POST
 * /api/cvss/score). Returns a validation error naming each, or undefined.
 */
export function checkReport(
  v: ReportFormValues,
  opts: {
    signedIn: boolean;
    files: readonly { name: string; size: number }[];
    limits?: IntakeLimits | undefined;
    vectorError?: string | undefined;
  },
): ApiError | undefined {
  const fields: FieldError[] = [];
  if (v.title.trim() === '') fields.push({ field: 'title', message: 'must not be empty.' });
  if (v.productId === '') fields.push({ field: 'productId', message: 'choose the product, or "Other / not sure".' });
  if (v.description.trim() === '') fields.push({ field: 'description', message: 'must not be empty.' });
  if (opts.vectorError) fields.push({ field: 'cvssVector', message: opts.vectorError });
  if (!opts.signedIn && v.contactEmail.trim() === '') {
    fields.push({ field: 'contactEmail', message: 'is needed when you are not signed in, so the team can reach you.' });
  }
  const { limits } = opts;
  const max = limits?.maxAttachments ?? MAX_ATTACHMENTS;
  const problems = limits ? opts.files.map((f) => fileProblem(f, limits)).filter((p) => p !== undefined) : [];
  if (opts.files.length > max)
    problems.unshift(max === 0 ? 'no attachments are accepted; remove them.' : `at most ${max} files; remove ${opts.files.length - max}.`);
  if (problems.length > 0) fields.push({ field: 'file', message: problems.join(' ') });
  if (fields.length === 0) return undefined;
  return new ApiError(400, 'validation', 'Some fields need attention.', fields);
}

const optional = (text: string): string | undefined => (text.trim() === '' ? undefined : text);

export function submissionOf(v: ReportFormValues): Omit<ReportSubmission, 'proofOfWork'> {
  return {
    title: v.title,
    description: v.description,
    productId: Number(v.productId),
    affectedVersions: optional(v.affectedVersions),
    steps: optional(v.steps),
    impact: optional(v.impact),
    component: optional(v.component),
    cvssVector: optional(v.cvssVector)?.trim(),
    cweId: v.cwe?.id,
    contactName: optional(v.contactName),
    contactEmail: optional(v.contactEmail)?.trim(),
    pgpPublicKey: optional(v.pgpPublicKey),
    creditName: optional(v.creditName),
    creditConsent: v.creditConsent,
    preferredDisclosureDate: optional(v.preferredDisclosureDate),
  };
}

// The public report form (/report): no account needed, signed-in reporters welcome. Every field of
// POST /api/reports; the CVSS calculator (folded away until wanted) and the CWE picker are optional. When the
// installation asks for a proof of work it is solved in the browser first. A validation error names each bad
// field next to it and everything typed stays. The attachment limits (GET /api/intake/limits) are shown before
// sending and each chosen file is checked against them; once stored, the attachments are uploaded one by one and
// the confirmation shows the tracking id (and for anonymous reporters the secret link).
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { asApiError } from '../../api.ts';
import { CvssCalculator } from '../cvss/CvssCalculator.tsx';
import { cvssApi } from '../cvss/cvssApi.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';
import { AttachmentPicker } from './AttachmentPicker.tsx';
import { CwePicker } from '../cwe/CwePicker.tsx';
import { ReportSubmitted, type UploadResult } from './ReportSubmitted.tsx';
import { SelectField } from '../../ui/SelectField.tsx';
import { TextAreaField } from '../../ui/TextAreaField.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { CheckboxField } from '../../ui/CheckboxField.tsx';
import { fieldMessageLists, fieldMessages } from '../../lib/fieldErrors.ts';
import { useApiQuery } from '../../hooks/useApi.ts';
import { useFormMutation } from '../../hooks/useFormMutation.ts';
import { solveChallenge } from './pow/solve.ts';
import { productsApi } from '../admin/products/productsApi.ts';
import { checkReport, EMPTY_REPORT, MAX_ATTACHMENTS, REPORT_FIELDS, submissionOf, type ReportFormValues } from './reportForm.ts';
import { reporterApi, tokenOfLink, type Submitted } from './reporterApi.ts';
import { useSession } from '../../session.tsx';
import './report.css';

type Phase =
  | { kind: 'editing' }
  | { kind: 'checking'; percent: number | undefined }
  | { kind: 'sending' }
  | { kind: 'uploading'; done: number; of: number };

/** Chance that a solution has been found after `hashes` tries, as a whole percentage below 100. */
function progressPercent(hashes: number, expected: number): number {
  return Math.min(99, Math.floor(100 * (1 - Math.exp(-hashes / Math.max(1, expected)))));
}

async function vectorProblem(vector: string): Promise<string | undefined> {
  if (vector.trim() === '') return undefined;
  try {
    await cvssApi.score(vector.trim());
    return undefined;
  } catch (err) {
    const e = asApiError(err);
    if (e.id !== 'validation') return undefined; // not the vector's fault: the report route decides
    return e.fields.find((f) => f.field === 'vector')?.message ?? e.message;
  }
}

interface Outcome {
  submitted: Submitted;
  uploads: UploadResult[];
}

export function ReportFormPage() {
  const { user } = useSession();
  const signedIn = Boolean(user);
  const products = useApiQuery(['productsApi.list'], () => productsApi.list());
  const limits = useApiQuery(['reporterApi.limits'], () => reporterApi.limits());
  const [values, setValues] = useState<ReportFormValues>(EMPTY_REPORT);
  const [files, setFiles] = useState<File[]>([]);
  const [cvssOpen, setCvssOpen] = useState(false);
  // Once the vector is changed after an error, the calculator's own verdict replaces the error's message.
  const [vectorEdited, setVectorEdited] = useState(false);
  // The phase says what the busy form is doing (the button's text); the mutation holds the outcome.
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [result, setResult] = useState<Outcome | undefined>(undefined);
  const { run, error, formRef, alertRef } = useFormMutation<Outcome>({ onSuccess: setResult });
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  const set = <K extends keyof ReportFormValues>(key: K, value: ReportFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const messages = fieldMessages(error);
  const lists = fieldMessageLists(error);
  const busy = phase.kind !== 'editing';

  // A field error of the vector opens the calculator, so the marked field can be seen and focused (when the
  // message changes; adjusted while rendering, as React advises for state that follows other state).
  const [vectorMessage, setVectorMessage] = useState<string | undefined>(undefined);
  if (messages.cvssVector !== vectorMessage) {
    setVectorMessage(messages.cvssVector);
    if (messages.cvssVector) setCvssOpen(true);
  }

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    setPhase({ kind: 'checking', percent: undefined });
    setVectorEdited(false);
    await run(async () => {
      const problem = checkReport(values, { signedIn, files, limits: limits.data, vectorError: await vectorProblem(values.cvssVector) });
      if (problem) throw problem;
      const challenge = await reporterApi.challenge();
      let proofOfWork: { challengeId: string; nonce: string } | undefined;
      if (challenge.enabled) {
        abortRef.current = new AbortController();
        setPhase({ kind: 'checking', percent: 0 });
        proofOfWork = await solveChallenge(
          { id: challenge.id, difficulty: challenge.difficulty },
          (p) => setPhase({ kind: 'checking', percent: progressPercent(p.hashes, p.expected) }),
          { signal: abortRef.current.signal },
        );
      }
      setPhase({ kind: 'sending' });
      const submitted = await reporterApi.submit({ ...submissionOf(values), ...(proofOfWork ? { proofOfWork } : {}) });
      const token = submitted.reporterLink ? tokenOfLink(submitted.reporterLink) : undefined;
      const uploads: UploadResult[] = [];
      for (const [i, file] of files.entries()) {
        setPhase({ kind: 'uploading', done: i, of: files.length });
        try {
          await reporterApi.attach(submitted.id, file, file.name, token);
          uploads.push({ name: file.name, error: undefined });
        } catch (err) {
          const ae = asApiError(err);
          uploads.push({ name: file.name, error: ae.fields.map((f) => f.message).join(' ') || ae.message });
        }
      }
      return { submitted, uploads };
    });
    setPhase({ kind: 'editing' });
  };

  if (result) {
    return <ReportSubmitted submitted={result.submitted} uploads={result.uploads} contactEmail={values.contactEmail.trim()} />;
  }

  const items = products.data?.items ?? [];
  const ordered = [...items.filter((p) => !p.isDefault), ...items.filter((p) => p.isDefault)];
  const product = ordered.find((p) => String(p.id) === values.productId);
  const knownVersions = product?.versions.map((v) => v.version) ?? [];

  return (
    <div className="report-page">
      <PageHeading title="Report a vulnerability" />
      <p className="lede">
        Tell the security team about a vulnerability privately. Reports stay confidential between you and the team until the issue is fixed
        and disclosed. You do not need an account{signedIn ? '' : '; if you have one, sign in first to follow the report under My reports'}.
      </p>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={REPORT_FIELDS} />
      {products.error ? <ErrorAlert error={products.error} /> : null}

      <form ref={formRef} className="form report-form" noValidate onSubmit={onSubmit} aria-label="Report a vulnerability">
        <fieldset className="fieldset card">
          <legend>The vulnerability</legend>
          <TextField
            label="Title"
            name="title"
            required
            hint="A short summary, such as “Stored XSS in the comment preview”."
            value={values.title}
            onChange={(e) => set('title', e.target.value)}
            error={lists.title}
          />
          <SelectField
            label="Product (required)"
            name="productId"
            value={values.productId}
            onChange={(e) => set('productId', e.target.value)}
            error={messages.productId}
            hint={products.loading && !products.data ? 'Loading the products…' : 'Choose “Other / not sure” if it is not listed.'}
            options={[{ value: '', label: 'Choose a product' }, ...ordered.map((p) => ({ value: String(p.id), label: p.name }))]}
          />
          <TextField
            label="Affected versions"
            name="affectedVersions"
            hint={
              knownVersions.length > 0 ? `Known versions: ${knownVersions.join(', ')}.` : 'Versions or ranges, such as “2.4.0 to 2.5.1”.'
            }
            value={values.affectedVersions}
            onChange={(e) => set('affectedVersions', e.target.value)}
            error={lists.affectedVersions}
          />
          <TextField
            label="Component"
            name="component"
            hint="The part affected, such as a module, endpoint or page."
            value={values.component}
            onChange={(e) => set('component', e.target.value)}
            error={lists.component}
          />
          <TextAreaField
            label="Description (required)"
            name="description"
            rows={8}
            hint="What the vulnerability is. Markdown: **bold**, `code`, lists and fenced code blocks (no HTML)."
            value={values.description}
            onChange={(e) => set('description', e.target.value)}
            error={lists.description}
          />
          <TextAreaField
            label="Steps to reproduce"
            name="steps"
            rows={6}
            hint="Markdown. Numbered steps help the team reproduce it quickly."
            value={values.steps}
            onChange={(e) => set('steps', e.target.value)}
            error={lists.steps}
          />
          <TextAreaField
            label="Impact"
            name="impact"
            rows={4}
            hint="Markdown. What an attacker could gain."
            value={values.impact}
            onChange={(e) => set('impact', e.target.value)}
            error={lists.impact}
          />
        </fieldset>

        <fieldset className="fieldset card">
          <legend>Severity and weakness (optional)</legend>
          <details className="cvss-fold" open={cvssOpen} onToggle={(e) => setCvssOpen(e.currentTarget.open)}>
            <summary>{values.cvssVector ? `CVSS score: ${values.cvssVector}` : 'Score it with CVSS'}</summary>
            <CvssCalculator
              value={values.cvssVector}
              onChange={(vector) => {
                set('cvssVector', vector);
                setVectorEdited(true);
              }}
              error={vectorEdited ? undefined : messages.cvssVector}
            />
          </details>
          <CwePicker mode="combobox" value={values.cwe} onChange={(cwe) => set('cwe', cwe)} error={messages.cweId} />
        </fieldset>

        <fieldset className="fieldset card">
          <legend>Attachments</legend>
          <AttachmentPicker files={files} onChange={setFiles} limits={limits.data} max={MAX_ATTACHMENTS} error={messages.file} />
        </fieldset>

        <fieldset className="fieldset card">
          <legend>How to reach you</legend>
          <TextField
            label="Your name"
            name="contactName"
            autoComplete="name"
            value={values.contactName}
            onChange={(e) => set('contactName', e.target.value)}
            error={lists.contactName}
          />
          <TextField
            label="E-mail address"
            name="contactEmail"
            type="email"
            autoComplete="email"
            required={!signedIn}
            hint={
              signedIn
                ? 'Optional: the team can also reach you through your account.'
                : 'We send the receipt, your secret link and the team’s answers here.'
            }
            value={values.contactEmail}
            onChange={(e) => set('contactEmail', e.target.value)}
            error={lists.contactEmail}
          />
          <TextAreaField
            label="OpenPGP public key"
            name="pgpPublicKey"
            rows={4}
            hint="Optional. Paste your ASCII-armoured public key and mail to you is encrypted to it."
            value={values.pgpPublicKey}
            onChange={(e) => set('pgpPublicKey', e.target.value)}
            error={lists.pgpPublicKey}
            spellCheck={false}
          />
        </fieldset>

        <fieldset className="fieldset card">
          <legend>Credit and disclosure</legend>
          <TextField
            label="Name to credit"
            name="creditName"
            hint="How you would like to be named in the advisory."
            value={values.creditName}
            onChange={(e) => set('creditName', e.target.value)}
            error={lists.creditName}
          />
          <CheckboxField
            label="I agree to be credited publicly under this name"
            name="creditConsent"
            checked={values.creditConsent}
            onChange={(checked) => set('creditConsent', checked)}
            error={messages.creditConsent}
          />
          <TextField
            label="Preferred disclosure date"
            name="preferredDisclosureDate"
            type="date"
            hint="Optional. When you would like the issue to be made public; the team’s policy gives a default date."
            value={values.preferredDisclosureDate}
            onChange={(e) => set('preferredDisclosureDate', e.target.value)}
            error={lists.preferredDisclosureDate}
          />
        </fieldset>

        <div className="button-row submit-row">
          <button type="submit" disabled={busy}>
            Send report
          </button>
          <p className="submit-status" role="status">
            {phase.kind === 'checking' && phase.percent !== undefined
              ? `Checking your browser… ${phase.percent}%`
              : phase.kind === 'checking'
                ? 'Checking the report…'
                : phase.kind === 'sending'
                  ? 'Sending the report…'
                  : phase.kind === 'uploading'
                    ? `Attaching file ${phase.done + 1} of ${phase.of}…`
                    : ''}
          </p>
        </div>
      </form>
    </div>
  );
}

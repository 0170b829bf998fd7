// Administration: anti-abuse settings of the public report form and API — rate limits, the proof-of-work
// challenge (with a trial that times its difficulty in this browser), size limits and the attachment
// allowlist. Saving sends only what changed and may ask for the password again.
import { useState } from 'react';
import { ApiError } from '../../../api.ts';
import { CheckboxField } from '../../../ui/CheckboxField.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { NumberFields, wholeNumberError, type NumberSpec } from '../../../ui/NumberField.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { SecurityNav } from './SecurityNav.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../../ui/TextAreaField.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { intakeApi, type AttachmentType, type IntakeSettings } from './intakeApi.ts';
import { solveChallenge } from '../../reporter/pow/solve.ts';
import { useSettingsForm } from '../../../hooks/useSettingsForm.ts';

const MiB = 1024 * 1024;

type NumberKey =
  | 'perIpPerHour'
  | 'perIpPerDay'
  | 'signedInPerHour'
  | 'signedInPerDay'
  | 'powDifficulty'
  | 'maxAttachments'
  | 'maxReportChars'
  | 'maxAttachmentMiB';

const NUMBERS: Record<'limits' | 'pow' | 'sizes', NumberSpec<NumberKey>[]> = {
  limits: [
    { key: 'perIpPerHour', label: 'Reports from one IP address without an account, per hour', min: 1, max: 10000, unit: 'reports' },
    { key: 'perIpPerDay', label: '… per 24 hours', min: 1, max: 100000, unit: 'reports' },
    { key: 'signedInPerHour', label: 'Reports from a signed-in reporter at one IP address, per hour', min: 1, max: 10000, unit: 'reports' },
    { key: 'signedInPerDay', label: '… per 24 hours', min: 1, max: 100000, unit: 'reports' },
  ],
  pow: [
    {
      key: 'powDifficulty',
      label: 'Difficulty',
      min: 8,
      max: 28,
      unit: 'bits',
      hint: 'Each bit doubles the work a reporter’s browser does before sending. Time it below.',
    },
  ],
  sizes: [
    { key: 'maxReportChars', label: 'Longest text of a field (description, steps, impact…)', min: 1000, max: 1000000, unit: 'characters' },
    { key: 'maxAttachments', label: 'Attachments per report', min: 0, max: 20, unit: 'files' },
    { key: 'maxAttachmentMiB', label: 'Largest attachment', min: 1, max: 100, unit: 'MiB' },
  ],
};
const ALL_NUMBERS = Object.values(NUMBERS).flat();

interface Draft {
  numbers: Record<NumberKey, string>;
  proofOfWork: boolean;
  types: string;
}

/** The API's name of a number's field (the form shows the largest attachment in MiB, the API has bytes). */
const fieldOf = (key: NumberKey) => (key === 'maxAttachmentMiB' ? 'maxAttachmentBytes' : key);

function numberOf(s: IntakeSettings, key: NumberKey): number {
  return key === 'maxAttachmentMiB' ? Math.max(1, Math.round(s.maxAttachmentBytes / MiB)) : s[key];
}

function typesText(types: readonly AttachmentType[]): string {
  return types.map((t) => `${t.mediaType} ${t.extensions.join(' ')}`).join('\n');
}

/** One type per line: the media type, then its extensions. Returns the entries and their line numbers. */
function parseTypes(text: string): { types: AttachmentType[]; lines: number[] } {
  const types: AttachmentType[] = [];
  const lines: number[] = [];
  text.split('\n').forEach((line, i) => {
    const [mediaType, ...extensions] = line.split(/[\s,]+/).filter(Boolean);
    if (mediaType === undefined) return;
    types.push({ mediaType, extensions });
    lines.push(i + 1);
  });
  return { types, lines };
}

function draftOf(s: IntakeSettings): Draft {
  return {
    numbers: Object.fromEntries(ALL_NUMBERS.map((n) => [n.key, String(numberOf(s, n.key))])) as Record<NumberKey, string>,
    proofOfWork: s.proofOfWork,
    types: typesText(s.attachmentTypes),
  };
}

function patchOf(saved: IntakeSettings, d: Draft): Partial<IntakeSettings> | ApiError {
  const notWhole = wholeNumberError(
    ALL_NUMBERS.map((n) => n.key),
    d.numbers,
    fieldOf,
  );
  if (notWhole) return notWhole;
  const patch: Partial<Record<keyof IntakeSettings, unknown>> = {};
  for (const n of ALL_NUMBERS) {
    const value = Number(d.numbers[n.key].trim());
    if (value === numberOf(saved, n.key)) continue;
    if (n.key === 'maxAttachmentMiB') patch.maxAttachmentBytes = value * MiB;
    else patch[n.key] = value;
  }
  if (d.proofOfWork !== saved.proofOfWork) patch.proofOfWork = d.proofOfWork;
  const { types } = parseTypes(d.types);
  if (typesText(types) !== typesText(saved.attachmentTypes)) patch.attachmentTypes = types;
  return patch as Partial<IntakeSettings>;
}

/** The allowlist box's messages, each with the line it is about. */
function typeMessages(error: ApiError | undefined, typesDraft: string): string[] {
  const { lines } = parseTypes(typesDraft);
  return (error?.fields ?? [])
    .filter((f) => f.field === 'attachmentTypes' || f.field.startsWith('attachmentTypes.'))
    .map((f) => {
      const index = /^attachmentTypes\.(\d+)/.exec(f.field)?.[1];
      return index === undefined ? f.message : `Line ${lines[Number(index)] ?? Number(index) + 1}: ${f.message}`;
    });
}

interface Trial {
  difficulty: number;
  /** The last challenge solved and its nonce (kept on the result for checking). */
  last: { challengeId: string; nonce: string };
  solutions: number;
  seconds: number;
  hashesPerSecond: number;
}

/** Solves random challenges at the difficulty for a few seconds in this browser, as a reporter's would. */
function PowTrial({ difficulty }: { difficulty: number }) {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState('');
  const [trial, setTrial] = useState<Trial | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const run = async () => {
    setRunning(true);
    setTrial(undefined);
    setError(undefined);
    let hashes = 0;
    let solutions = 0;
    let last = { challengeId: '', nonce: '' };
    const started = performance.now();
    try {
      // At least three solutions (one is too random to judge by), for at most about 20 seconds.
      while (solutions < 3 && performance.now() - started < 20_000) {
        const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
        const solution = await solveChallenge({ id, difficulty }, (p) => {
          setProgress(`Solution ${solutions + 1}: ${p.hashes.toLocaleString('en')} hashes tried…`);
        });
        // Workers search interleaved nonces 0, 1, 2…, so the nonce found is about the number of hashes tried.
        hashes += Number(solution.nonce) + 1;
        last = solution;
        solutions += 1;
      }
      const seconds = (performance.now() - started) / 1000;
      setTrial({ difficulty, last, solutions, seconds, hashesPerSecond: hashes / seconds });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setRunning(false);
      setProgress('');
    }
  };

  const expected = trial ? 2 ** trial.difficulty / trial.hashesPerSecond : 0;
  return (
    <div className="pow-trial">
      <button type="button" className="button-secondary" onClick={run} disabled={running}>
        {running ? 'Timing…' : `Time difficulty ${difficulty} in this browser`}
      </button>
      <p
        aria-live="polite"
        className="hint"
        data-testid="pow-trial-result"
        data-challenge-id={trial?.last.challengeId}
        data-nonce={trial?.last.nonce}
        data-seconds-per-solution={trial ? (2 ** trial.difficulty / trial.hashesPerSecond).toFixed(3) : undefined}
      >
        {running
          ? progress
          : trial
            ? `${trial.solutions} solutions in ${trial.seconds.toFixed(1)} s at about ${Math.round(trial.hashesPerSecond).toLocaleString('en')} hashes a second: ` +
              `a reporter with a computer like this one waits ${expected.toFixed(1)} s on average (the wait varies a lot from one report to the next).`
            : ''}
      </p>
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

function SettingsForm({ initial }: { initial: IntakeSettings }) {
  const { saved, draft, setDraft, submit, error, done, busy, fields, formRef, alertRef } = useSettingsForm({
    initial,
    draftOf,
    patchOf,
    save: (patch) => intakeApi.updateSettings(patch),
  });
  const numberFields = (group: keyof typeof NUMBERS) => (
    <NumberFields
      specs={NUMBERS[group]}
      values={draft.numbers}
      onChange={(key, value) => setDraft((d) => ({ ...d, numbers: { ...d.numbers, [key]: value } }))}
      errorOf={(key) => fields[fieldOf(key)]}
    />
  );
  const typeFields = (error?.fields ?? []).map((f) => f.field).filter((f) => f === 'attachmentTypes' || f.startsWith('attachmentTypes.'));
  const shown = [...ALL_NUMBERS.map((n) => fieldOf(n.key)), 'proofOfWork', ...typeFields];
  const difficulty = Number(draft.numbers.powDifficulty);
  const trialDifficulty = Number.isInteger(difficulty) && difficulty >= 8 && difficulty <= 28 ? difficulty : saved.powDifficulty;

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form settings-form">
      <ErrorAlert error={error} alertRef={alertRef} shownFields={shown} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <fieldset className="card fieldset">
        <legend>Rate limits</legend>
        <p className="hint">Counted over a sliding window. A refused reporter is told when to try again.</p>
        {numberFields('limits')}
      </fieldset>
      <fieldset className="card fieldset">
        <legend>Proof-of-work</legend>
        <CheckboxField
          label="Ask each report for a proof-of-work (the reporter’s browser solves it; no third-party service)"
          name="proofOfWork"
          checked={draft.proofOfWork}
          onChange={(v) => setDraft((d) => ({ ...d, proofOfWork: v }))}
          error={fields.proofOfWork}
        />
        {numberFields('pow')}
        <PowTrial difficulty={trialDifficulty} />
      </fieldset>
      <fieldset className="card fieldset">
        <legend>Size limits</legend>
        {numberFields('sizes')}
        <TextAreaField
          label="Allowed attachment types"
          name="attachmentTypes"
          hint="One type per line: the media type, then its file name extensions, e.g. “text/plain .txt .log”. Other files are refused."
          rows={10}
          spellCheck={false}
          value={draft.types}
          onChange={(e) => setDraft((d) => ({ ...d, types: e.target.value }))}
          error={typeMessages(error, draft.types)}
        />
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}

export function IntakeSettingsPage() {
  const settings = useApiQuery(['intakeApi.settings'], () => intakeApi.settings());
  return (
    <>
      <PageHeading title="Report intake" />
      <SecurityNav />
      <p>Limits that keep floods of junk reports out of the public report form and API. Changes take effect at once.</p>
      {settings.data ? (
        <SettingsForm initial={settings.data} />
      ) : settings.error ? (
        <ErrorAlert error={settings.error} />
      ) : (
        <Loading what="Loading the settings" />
      )}
    </>
  );
}

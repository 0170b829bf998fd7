// The CVSS 4.0 and 3.1 calculator: metric pickers (radio groups) and the vector text kept in sync both ways.
// Typing a vector sets the pickers; picking rewrites the vector in canonical order. The score and severity
// shown are the server's (POST /api/cvss/score, debounced), as is the message for an invalid vector.
// Controlled: `value` is the vector text ('' for none), `onChange` receives every change.
import { useEffect, useEffectEvent, useState, type ReactNode } from 'react';
import { ApiError, asApiError } from '../../api.ts';
import { cvssApi, type CvssScore } from './cvssApi.ts';
import { CvssScoreView } from './CvssScoreView.tsx';
import { CALCULATOR_VERSIONS, metricsOf, type CalculatorVersion } from './metrics.ts';
import { MetricPicker } from './MetricPicker.tsx';
import { readVector, versionOfText, writeVector } from './vector.ts';
import '../reporter/report.css';
import { useDomId } from '../../hooks/useDomId.ts';

export interface CvssCalculatorProps {
  value: string;
  onChange: (vector: string) => void;
  /** Which calculators to offer, the first being the default (all: 4.0 then 3.1). */
  versions?: readonly CalculatorVersion[];
  /** A message for this vector from the surrounding form (e.g. the API's field error after submitting). */
  error?: string | undefined;
  /** Told the server's score whenever it changes (undefined while there is none or the vector is invalid). */
  onScore?: (score: CvssScore | undefined) => void;
  disabled?: boolean;
}

const DEBOUNCE_MS = 250;

type Outcome =
  | { kind: 'none' }
  | { kind: 'incomplete'; missing: string[] }
  | { kind: 'checking' }
  | { kind: 'scored'; score: CvssScore }
  | { kind: 'invalid'; message: string };

function invalidMessage(err: ApiError): string {
  return err.fields.find((f) => f.field === 'vector')?.message ?? err.message;
}

/** What the calculator shows at once for a vector: nothing, what is left to choose, or "scoring" (keeping the last score on screen meanwhile). */
function immediateOutcome(vector: string, incomplete: boolean, missing: string[], previous: Outcome): Outcome {
  if (vector === '') return { kind: 'none' };
  if (incomplete) return { kind: 'incomplete', missing };
  return previous.kind === 'scored' ? previous : { kind: 'checking' };
}

export function CvssCalculator({ value, onChange, versions = ['4.0', '3.1'], error, onScore, disabled }: CvssCalculatorProps) {
  const uid = useDomId('cvss');
  const typed = versionOfText(value);
  const [chosen, setChosen] = useState<CalculatorVersion>(() =>
    typed && versions.includes(typed.version) ? typed.version : (versions[0] ?? '4.0'),
  );
  const version = typed?.version ?? chosen;
  const supported = versions.includes(version);
  const read = readVector(value, version);
  const values = typed ? read.values : {};
  // Text the pickers would have written themselves, only not finished yet: say what is left, not "invalid".
  const pickerShaped = value.trim() !== '' && typed !== undefined && writeVector(version, values, typed.prefix) === value.trim();
  const incomplete = pickerShaped && read.missing.length > 0;

  // The outcome, with the input it was last set for: a changed input sets what can be shown at once (while
  // rendering, as React advises for state that follows an input), and the server's answer comes later.
  const missingKey = read.missing.join(',');
  const [shown, setShown] = useState(() => ({
    value,
    incomplete,
    missingKey,
    outcome: immediateOutcome(value.trim(), incomplete, read.missing, { kind: 'none' }),
  }));
  if (shown.value !== value || shown.incomplete !== incomplete || shown.missingKey !== missingKey) {
    setShown({ value, incomplete, missingKey, outcome: immediateOutcome(value.trim(), incomplete, read.missing, shown.outcome) });
  }
  const { outcome } = shown;
  const reportScore = useEffectEvent((score: CvssScore | undefined) => onScore?.(score));

  useEffect(() => {
    const vector = value.trim();
    if (vector === '' || incomplete) {
      reportScore(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      cvssApi
        .score(vector)
        .then((score) => {
          if (!live) return;
          setShown((current) => ({ ...current, outcome: { kind: 'scored', score } }));
          reportScore(score);
        })
        .catch((err: unknown) => {
          if (!live) return;
          const e = asApiError(err);
          const message = e.id === 'validation' ? invalidMessage(e) : e.message;
          setShown((current) => ({ ...current, outcome: { kind: 'invalid', message } }));
          reportScore(undefined);
        });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [value, incomplete, missingKey]); // the inputs `shown` follows: a changed one is scored afresh

  const pick = (key: string, code: string) => {
    onChange(writeVector(version, { ...values, [key]: code }, typed?.prefix));
  };

  const chooseVersion = (v: CalculatorVersion) => {
    setChosen(v);
    // The metrics differ between versions: start the other calculator afresh.
    if (value.trim() !== '' && typed?.version !== v) onChange('');
  };

  const names = new Map(metricsOf(version).map((m) => [m.key, m.name]));
  const ownError = outcome.kind === 'invalid' ? `This vector is not valid: ${outcome.message}` : undefined;
  const shownError = error ?? ownError;
  const inputId = `${uid}-vector`;
  const hintId = `${uid}-hint`;
  const errorId = `${uid}-error`;

  return (
    <div className="cvss-calculator">
      {versions.length > 1 ? (
        <fieldset className="cvss-metric cvss-version">
          <legend>CVSS version</legend>
          <div className="cvss-values">
            {versions.map((v) => (
              <span className="cvss-value" key={v}>
                <input
                  type="radio"
                  id={`${uid}-version-${v.replace('.', '')}`}
                  name={`${uid}-version`}
                  value={v}
                  checked={version === v}
                  disabled={disabled}
                  onChange={() => chooseVersion(v)}
                />
                <label htmlFor={`${uid}-version-${v.replace('.', '')}`}>CVSS {v}</label>
              </span>
            ))}
          </div>
        </fieldset>
      ) : null}

      <div className={shownError ? 'field field-invalid' : 'field'}>
        <label htmlFor={inputId}>CVSS vector</label>
        <p className="hint" id={hintId}>
          Choose a value for each base metric below, or type or paste a vector such as{' '}
          <code>
            {version === '4.0'
              ? 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'
              : 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'}
          </code>
          .
        </p>
        <div className="cvss-vector-row">
          <input
            id={inputId}
            type="text"
            className="cvss-vector-input"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            spellCheck={false}
            autoComplete="off"
            disabled={disabled}
            aria-invalid={shownError ? true : undefined}
            aria-describedby={shownError ? `${hintId} ${errorId}` : hintId}
          />
          {value !== '' ? (
            <button type="button" className="button-secondary" onClick={() => onChange('')} disabled={disabled}>
              Clear
            </button>
          ) : null}
        </div>
        {shownError ? (
          <p className="field-error" id={errorId}>
            {shownError}
          </p>
        ) : null}
      </div>

      <div className="cvss-outcome" role="status">
        {outcome.kind === 'scored' ? (
          <CvssScoreView score={outcome.score} />
        ) : outcome.kind === 'incomplete' ? (
          <p className="muted">Still to choose: {outcome.missing.map((k) => `${names.get(k) ?? k} (${k})`).join(', ')}.</p>
        ) : outcome.kind === 'checking' ? (
          <p className="muted">Scoring…</p>
        ) : outcome.kind === 'none' ? (
          <p className="muted">No vector yet.</p>
        ) : (
          // Announced when it appears; shown next to the vector field.
          <p className="visually-hidden">{ownError}</p>
        )}
      </div>

      {supported ? (
        CALCULATOR_VERSIONS[version].groups.map((group) => {
          const pickers = group.metrics.map((m) => (
            <MetricPicker
              key={m.key}
              metric={m}
              idPrefix={uid}
              value={values[m.key] ?? (m.mandatory ? undefined : 'X')}
              onPick={(code) => pick(m.key, code)}
              disabled={disabled}
            />
          ));
          return group.base ? (
            <fieldset className="cvss-group" key={group.title}>
              <legend>{group.title}</legend>
              {pickers}
            </fieldset>
          ) : (
            <OptionalGroup
              key={group.title}
              title={group.title}
              inUse={group.metrics.some((m) => values[m.key] !== undefined && values[m.key] !== 'X')}
            >
              {pickers}
            </OptionalGroup>
          );
        })
      ) : (
        <p className="muted">The pickers are for CVSS {versions.join(' and ')}; this vector is scored as typed.</p>
      )}
    </div>
  );
}

/** A folded group of optional metrics; it opens by itself once one of its metrics is given in the vector. */
function OptionalGroup({ title, inUse, children }: { title: string; inUse: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(inUse);
  // Opened when a metric comes into use (adjusted while rendering, as React advises for state that follows a prop).
  const [wasInUse, setWasInUse] = useState(inUse);
  if (inUse !== wasInUse) {
    setWasInUse(inUse);
    if (inUse) setOpen(true);
  }
  return (
    <details className="cvss-group cvss-optional" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{title} (optional)</summary>
      <fieldset className="cvss-group-inner">
        <legend className="visually-hidden">{title}</legend>
        {children}
      </fieldset>
    </details>
  );
}

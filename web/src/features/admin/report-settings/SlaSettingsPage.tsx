// Administration: the SLA targets of reports (acknowledge and triage in business days, fix in days by
// severity), when a clock counts as near its target, and how long a "needs more info" request waits for the
// reporter before the report is closed as informative. Saving sends only what changed.
import { useState, type SubmitEvent } from 'react';
import { ApiError, asApiError } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { NumberField } from '../../../ui/NumberField.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { ReportAdminNav } from './ReportAdminNav.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { fieldMessages } from '../../../lib/fieldErrors.ts';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { useErrorFocus } from '../../../hooks/useErrorFocus.ts';
import { reportAdminApi, type SlaPatch, type SlaSettings } from './reportAdminApi.ts';

interface Spec {
  /** The field name the API uses (nested ones with a dot). */
  field: string;
  label: string;
  min: number;
  max: number;
  unit: string;
  hint?: string;
  get(s: SlaSettings): number;
}

const GROUPS: { legend: string; specs: Spec[] }[] = [
  {
    legend: 'Acknowledge and triage',
    specs: [
      {
        field: 'acknowledgeBusinessDays',
        label: 'Acknowledge within',
        min: 0,
        max: 60,
        unit: 'business days',
        hint: 'Counted Monday to Friday from receipt.',
        get: (s) => s.acknowledgeBusinessDays,
      },
      { field: 'triageBusinessDays', label: 'Triage within', min: 0, max: 60, unit: 'business days', get: (s) => s.triageBusinessDays },
      {
        field: 'triageCriticalBusinessDays',
        label: 'Triage critical reports within',
        min: 0,
        max: 60,
        unit: 'business days',
        get: (s) => s.triageCriticalBusinessDays,
      },
    ],
  },
  {
    legend: 'Fix, by severity',
    specs: [
      { field: 'fixDays.critical', label: 'Critical', min: 0, max: 730, unit: 'days', get: (s) => s.fixDays.critical },
      { field: 'fixDays.high', label: 'High', min: 0, max: 730, unit: 'days', get: (s) => s.fixDays.high },
      { field: 'fixDays.medium', label: 'Medium', min: 0, max: 730, unit: 'days', get: (s) => s.fixDays.medium },
      { field: 'fixDays.low', label: 'Low', min: 0, max: 730, unit: 'days', get: (s) => s.fixDays.low },
    ],
  },
  {
    legend: 'Alerts',
    specs: [
      {
        field: 'nearShare',
        label: 'A clock is near its target when this share of its time is left',
        min: 1,
        max: 99,
        unit: 'percent',
        hint: 'The team is alerted once when a clock comes near its target, and once when it is breached.',
        get: (s) => Math.round(s.nearShare * 100),
      },
    ],
  },
  {
    legend: 'Needs more info',
    specs: [
      {
        field: 'needsInfo.closeDays',
        label: 'Close as informative after',
        min: 2,
        max: 365,
        unit: 'days without a reply',
        get: (s) => s.needsInfo.closeDays,
      },
      {
        field: 'needsInfo.warningDays',
        label: 'Warn the reporter this long before',
        min: 1,
        max: 364,
        unit: 'days',
        hint: 'A report is never closed sooner than this after its warning.',
        get: (s) => s.needsInfo.warningDays,
      },
    ],
  },
];

const SPECS = GROUPS.flatMap((g) => g.specs);

type Draft = Record<string, string>;

const draftOf = (s: SlaSettings): Draft => Object.fromEntries(SPECS.map((spec) => [spec.field, String(spec.get(s))]));

/** The changed targets, or a client-side error for numbers that are not whole numbers. */
function patchOf(saved: SlaSettings, d: Draft): SlaPatch | ApiError {
  const bad = SPECS.filter((spec) => !/^\d{1,9}$/.test((d[spec.field] ?? '').trim())).map((spec) => ({
    field: spec.field,
    message: 'must be a whole number.',
  }));
  if (bad.length > 0) return new ApiError(0, 'client', 'Some of the input is not valid.', bad);
  const patch: Record<string, unknown> = {};
  for (const spec of SPECS) {
    const value = Number((d[spec.field] ?? '').trim());
    if (value === spec.get(saved)) continue;
    const v = spec.field === 'nearShare' ? value / 100 : value;
    const dot = spec.field.indexOf('.');
    if (dot < 0) {
      patch[spec.field] = v;
    } else {
      const outer = spec.field.slice(0, dot);
      patch[outer] = { ...(patch[outer] as object | undefined), [spec.field.slice(dot + 1)]: v };
    }
  }
  return patch;
}

export function SlaSettingsPage() {
  const settings = useApiQuery(['reportAdminApi.sla'], () => reportAdminApi.sla());
  return (
    <>
      <PageHeading title="SLA targets" />
      <ReportAdminNav />
      <p>
        Each open report has clocks for acknowledgement, triage and, once it has a severity, the fix. Changes apply at once to every
        report's clocks.
      </p>
      <ErrorAlert error={settings.error} />
      {settings.data ? <SlaForm initial={settings.data} /> : settings.loading ? <Loading what="Loading the SLA targets" /> : null}
    </>
  );
}

function SlaForm({ initial }: { initial: SlaSettings }) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const patch = patchOf(saved, draft);
    if (patch instanceof ApiError) {
      setDone(undefined);
      setError(patch);
      return;
    }
    if (Object.keys(patch).length === 0) {
      setError(undefined);
      setDone('Nothing has changed.');
      return;
    }
    setBusy(true);
    try {
      const next = await reportAdminApi.updateSla(patch);
      setError(undefined);
      setDone('Saved the SLA targets.');
      setSaved(next);
      setDraft(draftOf(next));
    } catch (err) {
      setDone(undefined);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form settings-form">
      <ErrorAlert error={error} alertRef={alertRef} shownFields={SPECS.map((s) => s.field)} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {GROUPS.map((group) => (
        <fieldset key={group.legend} className="card fieldset">
          <legend>{group.legend}</legend>
          {group.specs.map((spec) => (
            <NumberField
              key={spec.field}
              label={spec.label}
              name={spec.field}
              value={draft[spec.field] ?? ''}
              onChange={(value) => setDraft((d) => ({ ...d, [spec.field]: value }))}
              min={spec.min}
              max={spec.max}
              unit={spec.unit}
              hint={spec.hint}
              error={fields[spec.field]}
            />
          ))}
        </fieldset>
      ))}
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save targets'}
      </button>
    </form>
  );
}

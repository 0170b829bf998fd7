// Administration: the SLA targets of reports (acknowledge and triage in business days, fix in days by
// severity), when a clock counts as near its target, and how long a "needs more info" request waits for the
// reporter before the report is closed as informative. Saving sends only what changed.
import { ApiError } from '../../../api.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { NumberFields, wholeNumberError, type NumberSpec } from '../../../ui/NumberField.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { ReportAdminNav } from './ReportAdminNav.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { reportAdminApi, type SlaPatch, type SlaSettings } from './reportAdminApi.ts';
import { useSettingsForm } from '../../../hooks/useSettingsForm.ts';

/** A target; its key is the field name the API uses (nested ones with a dot). */
interface Spec extends NumberSpec {
  get(s: SlaSettings): number;
}

const GROUPS: { legend: string; specs: Spec[] }[] = [
  {
    legend: 'Acknowledge and triage',
    specs: [
      {
        key: 'acknowledgeBusinessDays',
        label: 'Acknowledge within',
        min: 0,
        max: 60,
        unit: 'business days',
        hint: 'Counted Monday to Friday from receipt.',
        get: (s) => s.acknowledgeBusinessDays,
      },
      { key: 'triageBusinessDays', label: 'Triage within', min: 0, max: 60, unit: 'business days', get: (s) => s.triageBusinessDays },
      {
        key: 'triageCriticalBusinessDays',
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
      { key: 'fixDays.critical', label: 'Critical', min: 0, max: 730, unit: 'days', get: (s) => s.fixDays.critical },
      { key: 'fixDays.high', label: 'High', min: 0, max: 730, unit: 'days', get: (s) => s.fixDays.high },
      { key: 'fixDays.medium', label: 'Medium', min: 0, max: 730, unit: 'days', get: (s) => s.fixDays.medium },
      { key: 'fixDays.low', label: 'Low', min: 0, max: 730, unit: 'days', get: (s) => s.fixDays.low },
    ],
  },
  {
    legend: 'Alerts',
    specs: [
      {
        key: 'nearShare',
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
        key: 'needsInfo.closeDays',
        label: 'Close as informative after',
        min: 2,
        max: 365,
        unit: 'days without a reply',
        get: (s) => s.needsInfo.closeDays,
      },
      {
        key: 'needsInfo.warningDays',
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

const draftOf = (s: SlaSettings): Draft => Object.fromEntries(SPECS.map((spec) => [spec.key, String(spec.get(s))]));

/** The changed targets, or a client-side error for numbers that are not whole numbers. */
function patchOf(saved: SlaSettings, d: Draft): SlaPatch | ApiError {
  const notWhole = wholeNumberError(
    SPECS.map((spec) => spec.key),
    d,
  );
  if (notWhole) return notWhole;
  const patch: Record<string, unknown> = {};
  for (const spec of SPECS) {
    const value = Number((d[spec.key] ?? '').trim());
    if (value === spec.get(saved)) continue;
    const v = spec.key === 'nearShare' ? value / 100 : value;
    const dot = spec.key.indexOf('.');
    if (dot < 0) {
      patch[spec.key] = v;
    } else {
      const outer = spec.key.slice(0, dot);
      patch[outer] = { ...(patch[outer] as object | undefined), [spec.key.slice(dot + 1)]: v };
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
  const { draft, setDraft, submit, error, done, busy, fields, formRef, alertRef } = useSettingsForm({
    initial,
    draftOf,
    patchOf,
    save: (patch) => reportAdminApi.updateSla(patch),
    message: () => 'Saved the SLA targets.',
  });
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form settings-form">
      <ErrorAlert error={error} alertRef={alertRef} shownFields={SPECS.map((s) => s.key)} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      {GROUPS.map((group) => (
        <fieldset key={group.legend} className="card fieldset">
          <legend>{group.legend}</legend>
          <NumberFields
            specs={group.specs}
            values={draft}
            onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
            errorOf={(key) => fields[key]}
          />
        </fieldset>
      ))}
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save targets'}
      </button>
    </form>
  );
}

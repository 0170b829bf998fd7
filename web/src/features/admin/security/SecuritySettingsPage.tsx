// Administration: the installation's security settings — password policy, lockout, IP blocking, session
// limits, staff networks, HTTPS, second factor for staff. Saving sends only what changed, and is a sensitive
// change (it may ask for the password again).
import { ApiError, api, type SecuritySettings } from '../../../api.ts';
import { CheckboxField } from '../../../ui/CheckboxField.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { NumberFields, wholeNumberError, type NumberSpec } from '../../../ui/NumberField.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { SecurityNav } from './SecurityNav.tsx';
import { SelectField } from '../../../ui/SelectField.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextAreaField } from '../../../ui/TextAreaField.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';
import { listFieldMessages, listFieldNames, networkListText, parseNetworkList } from '../../../lib/networks.ts';
import { useSettingsForm } from '../../../hooks/useSettingsForm.ts';

type NumberKey = {
  [K in keyof SecuritySettings]: SecuritySettings[K] extends number ? K : never;
}[keyof SecuritySettings];
type BooleanKey = {
  [K in keyof SecuritySettings]: SecuritySettings[K] extends boolean ? K : never;
}[keyof SecuritySettings];

const NUMBERS: Record<'password' | 'lockout' | 'ip' | 'sessions', NumberSpec<NumberKey>[]> = {
  password: [{ key: 'passwordMinLength', label: 'Minimum password length', min: 8, max: 128, unit: 'characters' }],
  lockout: [
    { key: 'lockoutThreshold', label: 'Failed sign-ins in a row that lock an account', min: 3, max: 100, unit: 'failures' },
    {
      key: 'lockoutBaseMinutes',
      label: 'First wait of a timed lock',
      min: 1,
      max: 1440,
      unit: 'minutes',
      hint: 'Doubles with each further lock.',
    },
  ],
  ip: [
    { key: 'ipFailureLimit', label: 'Failed sign-ins from one IP address that block it', min: 5, max: 10000, unit: 'failures' },
    { key: 'ipWindowMinutes', label: '… counted within', min: 1, max: 1440, unit: 'minutes' },
    { key: 'ipBlockMinutes', label: 'Block the IP address for', min: 1, max: 10080, unit: 'minutes' },
  ],
  sessions: [
    { key: 'sessionIdleMinutes', label: 'A session ends after being unused for', min: 5, max: 1440, unit: 'minutes' },
    { key: 'sessionAbsoluteHours', label: 'A session ends at the latest after', min: 1, max: 720, unit: 'hours' },
  ],
};

const ALL_NUMBERS = Object.values(NUMBERS).flat();

const BOOLEANS: { key: BooleanKey; label: string; hint?: string }[] = [
  { key: 'passwordComposition', label: 'Passwords must mix upper and lower case letters and digits' },
  { key: 'bindSessionIpForAdmins', label: "Administrators' sessions end when their IP address changes" },
  { key: 'bindSessionIpForEveryone', label: "Everyone's sessions end when their IP address changes" },
  {
    key: 'requireMfaForStaff',
    label: 'Staff and everyone who reads non-public reports must use a second factor',
    hint:
      "Covers administrators, users who may use the staff console, members of any product's security team or incident-manager group (also through nested groups) and collaborators on any report. " +
      'Checked on every request: someone without a second factor may only set one up (their API tokens are refused until then); someone added to a team is asked at their next request.',
  },
  { key: 'requireHttps', label: 'Require HTTPS (plain HTTP pages are redirected; HSTS is sent)' },
];

const LOCKOUT_MODES = [
  { value: 'admin', label: 'Until an administrator unlocks it' },
  { value: 'timed', label: 'For a wait that grows with each lock' },
] as const;

interface Draft {
  numbers: Record<NumberKey, string>;
  booleans: Record<BooleanKey, boolean>;
  lockoutMode: SecuritySettings['lockoutMode'];
  staffNetworks: string;
}

function draftOf(s: SecuritySettings): Draft {
  return {
    numbers: Object.fromEntries(ALL_NUMBERS.map((n) => [n.key, String(s[n.key])])) as Record<NumberKey, string>,
    booleans: Object.fromEntries(BOOLEANS.map((b) => [b.key, s[b.key]])) as Record<BooleanKey, boolean>,
    lockoutMode: s.lockoutMode,
    staffNetworks: networkListText(s.staffNetworks),
  };
}

/** The changed settings, or a client-side error for numbers that are not whole numbers. */
function patchOf(saved: SecuritySettings, d: Draft): Partial<SecuritySettings> | ApiError {
  const notWhole = wholeNumberError(
    ALL_NUMBERS.map((n) => n.key),
    d.numbers,
  );
  if (notWhole) return notWhole;
  const patch: Partial<Record<keyof SecuritySettings, unknown>> = {};
  for (const n of ALL_NUMBERS) {
    const value = Number(d.numbers[n.key].trim());
    if (value !== saved[n.key]) patch[n.key] = value;
  }
  for (const b of BOOLEANS) if (d.booleans[b.key] !== saved[b.key]) patch[b.key] = d.booleans[b.key];
  if (d.lockoutMode !== saved.lockoutMode) patch.lockoutMode = d.lockoutMode;
  const networks = parseNetworkList(d.staffNetworks);
  if (networks.join('\n') !== saved.staffNetworks.join('\n')) patch.staffNetworks = networks;
  return patch as Partial<SecuritySettings>;
}

function SettingsForm({ initial }: { initial: SecuritySettings }) {
  const { draft, setDraft, submit, error, done, busy, fields, formRef, alertRef } = useSettingsForm({
    initial,
    draftOf,
    patchOf,
    save: (patch) => api.security.updateSettings(patch),
  });
  const setBoolean = (key: BooleanKey) => (value: boolean) => setDraft((d) => ({ ...d, booleans: { ...d.booleans, [key]: value } }));
  const numberFields = (specs: readonly NumberSpec<NumberKey>[]) => (
    <NumberFields
      specs={specs}
      values={draft.numbers}
      onChange={(key, value) => setDraft((d) => ({ ...d, numbers: { ...d.numbers, [key]: value } }))}
      errorOf={(key) => fields[key]}
    />
  );
  const checkbox = (key: BooleanKey) => {
    const spec = BOOLEANS.find((b) => b.key === key);
    if (!spec) return null; // every setting the page places has its words in BOOLEANS
    return (
      <CheckboxField
        label={spec.label}
        hint={spec.hint}
        name={key}
        checked={draft.booleans[key]}
        onChange={setBoolean(key)}
        error={fields[key]}
      />
    );
  };
  const shown = [...ALL_NUMBERS.map((n) => n.key), ...BOOLEANS.map((b) => b.key), 'lockoutMode', ...listFieldNames(error, 'staffNetworks')];

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form settings-form">
      <ErrorAlert error={error} alertRef={alertRef} shownFields={shown} />
      {done ? <StatusMessage>{done}</StatusMessage> : null}
      <fieldset className="card fieldset">
        <legend>Passwords</legend>
        {numberFields(NUMBERS.password)}
        {checkbox('passwordComposition')}
      </fieldset>
      <fieldset className="card fieldset">
        <legend>Account lockout</legend>
        {numberFields(NUMBERS.lockout.slice(0, 1))}
        <SelectField
          label="A locked account stays locked"
          name="lockoutMode"
          options={LOCKOUT_MODES}
          value={draft.lockoutMode}
          onChange={(e) => setDraft((d) => ({ ...d, lockoutMode: e.target.value === 'timed' ? 'timed' : 'admin' }))}
          error={fields.lockoutMode}
        />
        {numberFields(NUMBERS.lockout.slice(1))}
      </fieldset>
      <fieldset className="card fieldset">
        <legend>Blocking IP addresses</legend>
        {numberFields(NUMBERS.ip)}
      </fieldset>
      <fieldset className="card fieldset">
        <legend>Sessions</legend>
        {numberFields(NUMBERS.sessions)}
        {checkbox('bindSessionIpForAdmins')}
        {checkbox('bindSessionIpForEveryone')}
      </fieldset>
      <fieldset className="card fieldset">
        <legend>Staff console</legend>
        <TextAreaField
          label="Networks allowed to reach the staff console"
          name="staffNetworks"
          hint="The staff console is the administration of users, groups, products and pages, these settings, and the audit and security logs; its changes also need your password within the last 10 minutes. One IP address or CIDR range per line. Empty: any network. Include your own network, or you lose access to this page."
          rows={3}
          spellCheck={false}
          value={draft.staffNetworks}
          onChange={(e) => setDraft((d) => ({ ...d, staffNetworks: e.target.value }))}
          error={listFieldMessages(error, 'staffNetworks')}
        />
        {checkbox('requireMfaForStaff')}
        {checkbox('requireHttps')}
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save settings'}
      </button>
    </form>
  );
}

export function SecuritySettingsPage() {
  const settings = useApiQuery(['security.settings'], () => api.security.settings());
  return (
    <>
      <PageHeading title="Security settings" />
      <SecurityNav />
      <p>These settings apply to every account. Changes take effect at once, on every Parapet instance.</p>
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

// Administration: the security contact and the security.txt settings (languages, expiry, signing,
// acknowledgments page) and the default disclosure deadline. Saving sends only what changed, and is a
// sensitive change (it may ask for the password again).
import { ApiError } from '../../../api.ts';
import { disclosureApi, type DisclosureSettings, type DisclosureSettingsPatch } from './disclosureApi.ts';
import { listFieldMessages, listFieldNames } from '../../../lib/networks.ts';
import { CheckboxField } from '../../../ui/CheckboxField.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { NumberField, wholeNumberError } from '../../../ui/NumberField.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextField } from '../../../ui/TextField.tsx';
import { useSettingsForm } from '../../../hooks/useSettingsForm.ts';

interface Draft {
  securityEmail: string;
  languages: string;
  expiryDays: string;
  defaultDisclosureDays: string;
  acknowledgmentsUrl: string;
  signSecurityTxt: boolean;
}

const draftOf = (s: DisclosureSettings): Draft => ({
  securityEmail: s.securityEmailIsDefault ? '' : s.securityEmail,
  languages: s.preferredLanguages.join(', '),
  expiryDays: String(s.expiryDays),
  defaultDisclosureDays: String(s.defaultDisclosureDays),
  acknowledgmentsUrl: s.acknowledgmentsUrl ?? '',
  signSecurityTxt: s.signSecurityTxt,
});

const languageList = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((t) => t.trim())
    .filter(Boolean);

function patchOf(saved: DisclosureSettings, d: Draft): DisclosureSettingsPatch | ApiError {
  const notWhole = wholeNumberError(['expiryDays', 'defaultDisclosureDays'], d);
  if (notWhole) return notWhole;
  const expiryDays = Number(d.expiryDays.trim());
  const defaultDisclosureDays = Number(d.defaultDisclosureDays.trim());
  const patch: DisclosureSettingsPatch = {};
  const email = d.securityEmail.trim();
  if (email !== (saved.securityEmailIsDefault ? '' : saved.securityEmail)) patch.securityEmail = email === '' ? null : email;
  const languages = languageList(d.languages);
  if (languages.join(',') !== saved.preferredLanguages.join(',')) patch.preferredLanguages = languages;
  if (expiryDays !== saved.expiryDays) patch.expiryDays = expiryDays;
  if (defaultDisclosureDays !== saved.defaultDisclosureDays) patch.defaultDisclosureDays = defaultDisclosureDays;
  const ack = d.acknowledgmentsUrl.trim();
  if (ack !== (saved.acknowledgmentsUrl ?? '')) patch.acknowledgmentsUrl = ack === '' ? null : ack;
  if (d.signSecurityTxt !== saved.signSecurityTxt) patch.signSecurityTxt = d.signSecurityTxt;
  return patch;
}

export function DisclosureSettingsForm({
  initial,
  onSaved,
}: {
  initial: DisclosureSettings;
  onSaved: (settings: DisclosureSettings) => void;
}) {
  const { saved, draft, setDraft, submit, error, done, busy, fields, formRef, alertRef } = useSettingsForm({
    initial,
    draftOf,
    patchOf,
    save: (patch) => disclosureApi.updateSettings(patch),
    onSaved,
  });
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const shown = [
    'securityEmail',
    'expiryDays',
    'defaultDisclosureDays',
    'acknowledgmentsUrl',
    'signSecurityTxt',
    ...listFieldNames(error, 'preferredLanguages'),
  ];
  const languageErrors = listFieldMessages(error, 'preferredLanguages');

  return (
    <section aria-labelledby="disclosure-settings-heading" className="card">
      <h2 id="disclosure-settings-heading">Contact and security.txt</h2>
      <form ref={formRef} onSubmit={submit} noValidate className="form">
        <ErrorAlert error={error} alertRef={alertRef} shownFields={shown} />
        {done ? <StatusMessage>{done}</StatusMessage> : null}
        <TextField
          label="Security contact address"
          name="securityEmail"
          type="email"
          autoComplete="off"
          hint={`Where reporters write to, in security.txt and the policy; Parapet's mail is sent from it. Empty: ${saved.securityEmailIsDefault ? saved.securityEmail : 'security@ the host of this site'}.`}
          value={draft.securityEmail}
          onChange={(e) => set('securityEmail')(e.target.value)}
          error={fields.securityEmail}
        />
        <TextField
          label="Preferred languages"
          name="preferredLanguages"
          hint="Language tags (BCP 47) in order of preference, separated by commas, such as en, de, pt-BR."
          spellCheck={false}
          autoCapitalize="none"
          value={draft.languages}
          onChange={(e) => set('languages')(e.target.value)}
          error={languageErrors.length > 0 ? languageErrors : undefined}
        />
        <NumberField
          label="security.txt expires after"
          name="expiryDays"
          unit="days"
          min={1}
          max={364}
          hint="Counted from the start of each day, so the file is always renewed and never a year ahead."
          value={draft.expiryDays}
          onChange={set('expiryDays')}
          error={fields.expiryDays}
        />
        <TextField
          label="Acknowledgments page (optional)"
          name="acknowledgmentsUrl"
          inputMode="url"
          spellCheck={false}
          autoCapitalize="none"
          hint="An https:// address of the page that thanks reporters. Empty: the field is left out of security.txt."
          value={draft.acknowledgmentsUrl}
          onChange={(e) => set('acknowledgmentsUrl')(e.target.value)}
          error={fields.acknowledgmentsUrl}
        />
        <CheckboxField
          label="Sign security.txt with the team key (OpenPGP cleartext signature)"
          name="signSecurityTxt"
          checked={draft.signSecurityTxt}
          onChange={set('signSecurityTxt')}
          error={fields.signSecurityTxt}
        />
        <NumberField
          label="Disclosure deadline"
          name="defaultDisclosureDays"
          unit="days after a report is received"
          min={0}
          max={365}
          hint="The default; reporters have a say, and each report can agree another date."
          value={draft.defaultDisclosureDays}
          onChange={set('defaultDisclosureDays')}
          error={fields.defaultDisclosureDays}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </form>
    </section>
  );
}

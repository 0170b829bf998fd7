// Administration: "Disclosure & security.txt" — the security contact and security.txt settings, the team
// OpenPGP key, the disclosure policy text, and security.txt as it is served now.
import { useState } from 'react';
import { Link } from 'react-router';
import { disclosureApi } from './disclosureApi.ts';
import { DisclosurePolicyForm } from './DisclosurePolicyForm.tsx';
import { DisclosureSettingsForm } from './DisclosureSettingsForm.tsx';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { Loading } from '../../../ui/Loading.tsx';
import { PageHeading } from '../../../ui/PageHeading.tsx';
import { SecurityTxtPreview } from './SecurityTxtPreview.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TeamKeySection } from './TeamKeySection.tsx';
import { useApiQuery } from '../../../hooks/useApi.ts';

export function DisclosureAdminPage() {
  const settings = useApiQuery(['disclosureApi.settings'], () => disclosureApi.settings());
  const teamKey = useApiQuery(['disclosureApi.teamKey'], () => disclosureApi.teamKey());
  const preview = useApiQuery(['disclosureApi.securityTxt'], () => disclosureApi.securityTxt());
  const [keyMessage, setKeyMessage] = useState<string | undefined>(undefined);
  const host = window.location.hostname;

  return (
    <>
      <PageHeading title="Disclosure & security.txt" />
      <p>
        How outside reporters reach the security team: the contact published in <a href="/.well-known/security.txt">security.txt</a> (RFC
        9116), the team's OpenPGP key, and the <Link to="/disclosure-policy">disclosure policy</Link>. Changes apply at once.
      </p>
      {settings.data ? (
        <DisclosureSettingsForm initial={settings.data} onSaved={preview.reload} />
      ) : settings.error ? (
        <ErrorAlert error={settings.error} />
      ) : (
        <Loading what="Loading the settings" />
      )}
      {keyMessage ? <StatusMessage>{keyMessage}</StatusMessage> : null}
      {teamKey.data && settings.data ? (
        <TeamKeySection
          key={teamKey.data.key?.fingerprint ?? 'none'}
          teamKey={teamKey.data.key}
          defaultName={`${host} security team`}
          defaultEmail={settings.data.securityEmail}
          onChanged={(message) => {
            setKeyMessage(message);
            teamKey.reload();
            preview.reload();
          }}
        />
      ) : teamKey.error ? (
        <ErrorAlert error={teamKey.error} />
      ) : (
        <Loading what="Loading the team key" />
      )}
      {settings.data ? <DisclosurePolicyForm settings={settings.data} onSaved={preview.reload} /> : null}
      <SecurityTxtPreview preview={preview} />
    </>
  );
}

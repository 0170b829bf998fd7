// The disclosure API as the UI uses it: the public policy, and (administrators) the disclosure settings, the
// team OpenPGP key and the security.txt preview.
import { call } from '../../../api.ts';
import type { DisclosurePolicy, DisclosureSettings, SecurityTxtPreview, TeamKey } from '../../../contract.ts';

export type { DisclosurePolicy, DisclosureSettings, SecurityTxtPreview, TeamKey } from '../../../contract.ts';

export interface DisclosureSettingsPatch {
  securityEmail?: string | null;
  preferredLanguages?: string[];
  expiryDays?: number;
  signSecurityTxt?: boolean;
  acknowledgmentsUrl?: string | null;
  policyMarkdown?: string | null;
  defaultDisclosureDays?: number;
}

export const disclosureApi = {
  policy: () => call<DisclosurePolicy>('GET', '/api/disclosure-policy'),
  settings: () => call<DisclosureSettings>('GET', '/api/admin/disclosure-settings'),
  updateSettings: (patch: DisclosureSettingsPatch) => call<DisclosureSettings>('PATCH', '/api/admin/disclosure-settings', patch),
  securityTxt: () => call<SecurityTxtPreview>('GET', '/api/admin/security-txt'),
  teamKey: () => call<{ key: TeamKey | null }>('GET', '/api/admin/team-key'),
  generateKey: (input: { name: string; email: string }) => call<TeamKey>('POST', '/api/admin/team-key/generate', input),
  importKey: (input: { privateKey: string; passphrase?: string }) => call<TeamKey>('POST', '/api/admin/team-key/import', input),
  exportKey: () => call<{ fingerprint: string; privateKey: string }>('POST', '/api/admin/team-key/export'),
  removeKey: () => call<{ ok: true }>('DELETE', '/api/admin/team-key'),
};

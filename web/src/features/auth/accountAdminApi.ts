// API calls for account links and sign-in protections: invitations and registration links (public, with the
// mailed token), links administrators send, disabling accounts, and IP blocks.
import { call } from '../../api.ts';
import type { IpBlock } from '../../contract.ts';

export type { IpBlock } from '../../contract.ts';

type Ok = { ok: true };

export const accountAdminApi = {
  checkInvitation: (token: string) => call<{ username: string }>('POST', '/api/invitations/check', { token }),
  acceptInvitation: (token: string, newPassword: string) => call<Ok>('POST', '/api/invitations/accept', { token, newPassword }),
  completeRegistration: (token: string) => call<{ id: number; username: string }>('POST', '/api/registrations/complete', { token }),
  resendInvitation: (userId: number) => call<Ok>('POST', `/api/users/${userId}/invitation`),
  sendPasswordResetLink: (userId: number) => call<Ok>('POST', `/api/users/${userId}/password-reset`),
  setDisabled: (userId: number, disabled: boolean) => call<unknown>('PATCH', `/api/users/${userId}`, { disabled }),
  ipBlocks: () => call<{ items: IpBlock[] }>('GET', '/api/admin/ip-blocks'),
  liftIpBlock: (ip: string) => call<Ok>('DELETE', `/api/admin/ip-blocks/${encodeURIComponent(ip)}`),
};

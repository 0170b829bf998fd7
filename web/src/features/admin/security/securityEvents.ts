// Names a person understands for the actions of the security event log.
export const SECURITY_ACTIONS: Record<string, string> = {
  'signin.succeeded': 'Signed in',
  'signin.password_accepted': 'Password accepted, second factor awaited',
  'signin.failed': 'Sign-in failed',
  'signin.refused_locked': 'Sign-in refused: account locked or disabled',
  'signin.network_refused': 'Sign-in refused: network not allowed',
  'signin.second_factor_failed': 'Sign-in failed: wrong second-factor code',
  'signin.second_factor_abandoned': 'Sign-in ended: too many wrong codes',
  'device.locked': 'Known device locked after failed sign-ins',
  'credential.check_failed': 'Wrong password or code (signed in)',
  'account.locked': 'Account locked',
  'account.unlocked': 'Account unlocked',
  'account.sign_in_policy_changed': 'Sign-in policy changed',
  'ip.blocked': 'IP address blocked',
  'ip.unblocked': 'IP address block lifted',
  'password.changed': 'Password changed',
  'password.reset_requested': 'Password reset requested',
  'password.reset': 'Password reset',
  'password.reset_code_failed': 'Password reset: wrong second-factor code',
  'password.reset_link_spent': 'Password reset link spent (too many wrong codes)',
  'password.reset_link_sent': 'Password reset link sent by an administrator',
  'user.invitation_sent': 'Invitation sent',
  'user.invitation_accepted': 'Invitation accepted: password chosen',
  'user.registration_requested': 'Registration requested',
  'mfa.enrolment_started': 'Second factor set-up started',
  'mfa.enabled': 'Second factor turned on',
  'mfa.disabled': 'Second factor turned off',
  'mfa.recovery_codes_replaced': 'Recovery codes replaced',
  'session.reauthenticated': 'Password confirmed again',
  'session.revoked': 'Session ended',
  'session.revoked_all': 'Sessions ended',
  'session.signed_out': 'Signed out',
  'session.ended_ip_changed': 'Session ended: IP address changed',
  'session.ended_network_refused': 'Session ended: network not allowed for the account',
  'credentials.ended': 'Sessions, API tokens and reset links ended',
  'api_token.network_refused': 'API token refused: network not allowed for the account',
  'staff.network_refused': 'Staff console refused: network not allowed',
  'api_token.created': 'API token created',
  'api_token.revoked': 'API token revoked',
  'email.changed': 'E-mail address changed',
  'email.verified': 'E-mail address confirmed',
  'settings.security_changed': 'Security settings changed',
};

export function actionLabel(action: string): string {
  return SECURITY_ACTIONS[action] ?? action;
}

/** A compact one-line view of an event's before/after values. */
export function changeSummary(before: unknown, after: unknown): string {
  const part = (label: string, v: unknown) => (v === null || v === undefined ? '' : `${label} ${JSON.stringify(v)}`);
  return [part('before:', before), part('after:', after)].filter(Boolean).join('; ');
}

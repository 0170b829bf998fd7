// Every action the audit trail records, in one list. recordAudit and auditInsertFrom accept only these, so a
// new kind of event starts here; test/api/audit-coverage.test.ts then fails until it has a scenario that
// performs the operation through the API and finds the event written in the same transaction as the change
// (how to add one: that file's header).
export const AUDIT_ACTIONS = [
  // Users and their accounts
  'user.created', 'user.registered', 'user.updated', 'user.registration_requested',
  'user.invitation_sent', 'user.invitation_accepted',
  'account.locked', 'account.unlocked', 'account.sign_in_policy_changed',
  'password.changed', 'password.reset_requested', 'password.reset',
  'password.reset_link_sent', 'password.reset_link_spent', 'password.reset_code_failed',
  'email.changed', 'email.verified',
  'mfa.enrolment_started', 'mfa.enabled', 'mfa.disabled', 'mfa.recovery_codes_replaced',
  'api_token.created', 'api_token.revoked', 'api_token.network_refused', 'credentials.ended',
  // Sign-in and sessions
  'signin.succeeded', 'signin.password_accepted', 'signin.failed', 'signin.refused_locked', 'signin.network_refused',
  'signin.second_factor_failed', 'signin.second_factor_abandoned', 'device.locked',
  'credential.check_failed', 'ip.blocked', 'ip.unblocked',
  'session.reauthenticated', 'session.signed_out', 'session.revoked', 'session.revoked_all', 'session.ended_ip_changed',
  'session.ended_network_refused', 'staff.network_refused',
  // Groups, pages and their access
  'group.created', 'group.updated', 'group.deleted',
  'group.user_added', 'group.user_removed', 'group.group_added', 'group.group_removed',
  'page.created', 'page.updated', 'page.published', 'page.unpublished', 'object.access_changed',
  // Products
  'product.created', 'product.updated', 'product.deleted',
  'product.version_added', 'product.version_updated', 'product.version_deleted',
  // Reports
  'report.submitted', 'report.created', 'report.state_changed', 'report.withdrawn', 'report.acknowledged',
  'report.assigned', 'report.scored', 'report.classified', 'report.checklist_changed', 'report.disclosure_changed',
  'report.version_added', 'report.version_changed', 'report.version_removed',
  'report.commented', 'report.attachment_added', 'report.member_added', 'report.member_removed',
  'report.link_created', 'report.link_mailed', 'report.links_revoked', 'report.needs_info_warned', 'report.sla_alert',
  'report.invitation_created', 'report.invitation_withdrawn', 'report.invitation_accepted', 'report.invitation_declined',
  // Report administration
  'cve_pool.added', 'cve_pool.removed',
  'canned_response.created', 'canned_response.changed', 'canned_response.deleted',
  // Installation settings and the team key
  'settings.security_changed', 'settings.intake_changed', 'settings.disclosure_changed',
  'settings.report_sla_changed', 'settings.report_templates_changed',
  'team_key.generated', 'team_key.imported', 'team_key.exported', 'team_key.removed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

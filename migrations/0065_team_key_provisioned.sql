-- A fresh installation generates its team OpenPGP key at first start, once (src/settings/first-team-key.ts).
-- Installations whose administrators already generated, imported or removed a team key count as done, so a
-- key an administrator removed does not come back at the next start.
INSERT INTO settings (key, value, updated_at)
SELECT 'team_key_provisioned', jsonb_build_object('fromAuditLog', true), max(at)
  FROM audit_events
 WHERE action LIKE 'team\_key.%'
HAVING count(*) > 0
ON CONFLICT (key) DO NOTHING;

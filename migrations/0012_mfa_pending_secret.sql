-- An authenticator being set up waits here until its first code confirms it, so setting up a new one never
-- turns the current second factor off.
ALTER TABLE users ADD COLUMN mfa_pending_secret text;
UPDATE users SET mfa_pending_secret = mfa_totp_secret, mfa_totp_secret = NULL
 WHERE mfa_enabled_at IS NULL AND mfa_totp_secret IS NOT NULL;

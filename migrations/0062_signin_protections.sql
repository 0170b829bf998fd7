-- Sign-in protections without a denial of service (issue 10, items 9-12 and 21).

-- Known devices (OWASP "device cookies"): a browser where a user completed a sign-in holds a random token
-- (only its SHA-256 is stored). Failed sign-ins from a known device count against that device only, and the
-- account lock applies to unknown clients, so the owner keeps signing in while an attacker locks the account.
CREATE TABLE known_devices (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id        integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash     text NOT NULL UNIQUE,
  created_at     timestamptz NOT NULL,
  last_used_at   timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  failed_signins integer NOT NULL DEFAULT 0,   -- consecutive failures from this device
  locked_at      timestamptz                   -- set at the lockout threshold: the device counts as unknown
);
CREATE INDEX known_devices_user ON known_devices (user_id);

-- Second-factor codes tried on one pending sign-in (password accepted, code awaited): bounded per session.
ALTER TABLE sessions ADD COLUMN mfa_attempts integer NOT NULL DEFAULT 0;

-- Wrong second-factor codes given with one reset link (bounded per link); invitations by e-mail link.
ALTER TABLE email_tokens ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE email_tokens DROP CONSTRAINT email_tokens_purpose_check;
ALTER TABLE email_tokens ADD CONSTRAINT email_tokens_purpose_check
  CHECK (purpose IN ('verify_email', 'reset_password', 'invitation'));

-- Password-reset requests, counted per account and per client network (the limits hold across instances).
CREATE TABLE password_reset_requests (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  network text NOT NULL,
  user_id integer REFERENCES users (id) ON DELETE CASCADE,
  at      timestamptz NOT NULL,
  mailed  boolean NOT NULL
);
CREATE INDEX password_reset_requests_network ON password_reset_requests (network, at);
CREATE INDEX password_reset_requests_user ON password_reset_requests (user_id, at) WHERE user_id IS NOT NULL;

-- Self-registration by e-mail: every request answers "check your mail"; the mail completes a new account
-- (outcome 'new', with a single-use link whose hash is stored) or tells the address's owner what happened.
CREATE TABLE registration_requests (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username         text NOT NULL,
  display_name     text NOT NULL,
  email            text NOT NULL,
  password_hash    text,
  outcome          text NOT NULL CHECK (outcome IN ('new', 'name_taken', 'email_taken', 'limited')),
  existing_user_id integer REFERENCES users (id) ON DELETE CASCADE,
  token_hash       text UNIQUE,
  ip               text NOT NULL,
  created_at       timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  used_at          timestamptz
);
CREATE INDEX registration_requests_ip ON registration_requests (ip, created_at);
CREATE INDEX registration_requests_email ON registration_requests (lower(email), created_at);

-- Two-phase intake (issue 4): a submission answered with 2xx is first stored here, whole and validated, in one
-- statement that also counts it against the rate limits and writes its audit event; its report id (an objects
-- id) and tracking id are drawn from their sequences at that moment, so the answer can name them. Building the
-- report (participants group, object, read keys, timeline, alerts, mail) happens after: at once when the
-- server is not busy, otherwise by the inbox worker, in one transaction that also deletes the row here.
CREATE TABLE report_inbox (
  object_id       integer PRIMARY KEY,
  tracking_id     text NOT NULL UNIQUE,
  -- The validated submission (ReportSubmission after cleaning), as the builder reads it.
  submission      jsonb NOT NULL,
  product_id      integer NOT NULL,
  -- Who submitted: a signed-in user, or nobody (an anonymous reporter, reached through the link).
  user_id         integer REFERENCES users (id) ON DELETE SET NULL,
  username        text,
  ip              text NOT NULL,
  -- SHA-256 of the secret reporter link of an anonymous submission (the link itself was shown once).
  link_hash       text UNIQUE,
  received_at     timestamptz NOT NULL,
  -- Failed builds are retried with a growing delay; the last error is kept for administrators.
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text
);
CREATE INDEX report_inbox_due ON report_inbox (next_attempt_at, object_id);
CREATE INDEX report_inbox_user ON report_inbox (user_id) WHERE user_id IS NOT NULL;

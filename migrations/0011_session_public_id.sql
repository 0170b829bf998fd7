-- A public id for each session, so users and administrators can list and revoke sessions without ever
-- seeing the token or its hash; and the kind of credential behind a session.
ALTER TABLE sessions ADD COLUMN public_id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX sessions_public_id ON sessions (public_id);

-- Anti-abuse for the public report form and API (issue 4): signed-in reporters are counted per user and IP
-- (a higher limit than anonymous IPs), old rows are swept by time, and proof-of-work challenges remember the
-- IP they were issued to (so one address cannot hoard unsolved challenges).
ALTER TABLE intake_submissions ADD COLUMN user_id integer;
CREATE INDEX intake_submissions_user_ip_at ON intake_submissions (user_id, ip, at) WHERE user_id IS NOT NULL;
CREATE INDEX intake_submissions_at ON intake_submissions (at);

ALTER TABLE intake_challenges ADD COLUMN ip text;
ALTER TABLE intake_challenges ADD COLUMN issued_at timestamptz;
CREATE INDEX intake_challenges_ip_expires ON intake_challenges (ip, expires_at);
CREATE INDEX intake_challenges_expires ON intake_challenges (expires_at);

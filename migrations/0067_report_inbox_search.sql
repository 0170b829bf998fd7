-- The report inbox on the planned read path (issue 11, item 7; docs/adr/0002-read-access-filter.md, "Reports").
--
-- The inbox lists open reports nobody has acknowledged first, then the other open reports (both oldest
-- first), then finished ones (most recently finished first). That order is a report's *list rank* (0, 1, 2)
-- followed by its time, so the rank is kept next to the time wherever a list walks in time order:
-- - objects.list_rank: a type's list segment of the object (pages: always 0; reports: the rank below);
-- - object_read_keys.list_rank: the same, copied with created_at when the key index is written, so that a
--   restricted session walks each of its keys' open reports in inbox order and stops after one page.
-- The rank is derived from the report's own columns by a trigger in the statement that changes them, so no
-- write path (services, timers, tests that set a state directly) can leave it stale. It orders and narrows
-- lists; whether a row is readable is still decided by objects.read_keys.

ALTER TABLE objects ADD COLUMN list_rank smallint NOT NULL DEFAULT 0;
ALTER TABLE object_read_keys ADD COLUMN list_rank smallint NOT NULL DEFAULT 0;

-- 0: open and not acknowledged; 1: open; 2: finished (states.ts FINISHED; a test checks the two agree).
CREATE FUNCTION report_list_rank(state text, acknowledged_at timestamptz) RETURNS smallint
  LANGUAGE sql IMMUTABLE AS $$
    SELECT (CASE WHEN state IN ('disclosed', 'closed', 'duplicate', 'informative', 'not_applicable', 'spam', 'withdrawn') THEN 2
                 WHEN acknowledged_at IS NULL THEN 0 ELSE 1 END)::smallint
  $$;

CREATE FUNCTION reports_keep_list_rank() RETURNS trigger
  LANGUAGE plpgsql AS $$
    DECLARE
      rank smallint := report_list_rank(NEW.state, NEW.acknowledged_at);
    BEGIN
      UPDATE objects SET list_rank = rank WHERE id = NEW.object_id AND list_rank <> rank;
      UPDATE object_read_keys SET list_rank = rank WHERE object_id = NEW.object_id AND list_rank <> rank;
      RETURN NULL;
    END
  $$;

CREATE TRIGGER reports_list_rank AFTER INSERT OR UPDATE OF state, acknowledged_at ON reports
  FOR EACH ROW EXECUTE FUNCTION reports_keep_list_rank();

UPDATE objects o SET list_rank = report_list_rank(r.state, r.acknowledged_at)
  FROM reports r WHERE r.object_id = o.id AND o.list_rank <> report_list_rank(r.state, r.acknowledged_at);
UPDATE object_read_keys k SET list_rank = o.list_rank
  FROM objects o WHERE o.id = k.object_id AND k.list_rank <> o.list_rank;

-- Each key's objects of a type by list rank, then time: the restricted inbox walk.
CREATE INDEX object_read_keys_ranked ON object_read_keys (group_id, type, list_rank, created_at, object_id);
-- The same order over every object of a type: the administrator's inbox, and the walk of sessions that read
-- a large share.
CREATE INDEX objects_type_ranked ON objects (type, list_rank, created_at, id);
-- Finished reports, most recently finished first: the inbox's last segment.
CREATE INDEX reports_finished_recent ON reports (state_changed_at DESC, received_at, object_id)
  WHERE state IN ('disclosed', 'closed', 'duplicate', 'informative', 'not_applicable', 'spam', 'withdrawn');

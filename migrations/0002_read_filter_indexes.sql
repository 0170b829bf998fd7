-- Indexes and statistics for the read-access filter, from the access-control benchmark (bench/acl.ts;
-- docs/adr/0002-read-access-filter.md).
--
-- 1. One GIN index over (read_keys, search) replaces the two single-column ones. GIN serves a condition on
--    either column as well as the single-column indexes did, and for a restricted search
--    (read_keys && keys AND search @@ query) one index scan intersects the two posting lists, skipping
--    through the longer one, instead of building two full bitmaps and ANDing them: a team member (2.5% of
--    1M objects) searching a word in 1% of them went from ~13 ms to ~1.5 ms.
-- 2. Ten times the default statistics sample for objects.search. With the default, ANALYZE keeps the
--    ~1,000 most common lexemes and the planner estimates every rarer one at half the least common one's
--    frequency (~0.5% of objects): a search for a rare word was planned as a walk over the newest objects
--    that read most of the table (0.4 s at 1M objects, for administrators too). The read filter also takes
--    its choice between walking the session's keys and the index from this estimate.
CREATE INDEX objects_read_keys_search ON objects USING gin (read_keys, search);
DROP INDEX objects_read_keys;
DROP INDEX objects_search;
ALTER TABLE objects ALTER COLUMN search SET STATISTICS 1000;

-- Rounds are planned in chunks; a round cannot finish before its planning has.
ALTER TABLE rounds ADD COLUMN planned_at REAL;
UPDATE rounds SET planned_at = started_at;

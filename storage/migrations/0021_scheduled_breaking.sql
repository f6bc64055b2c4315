-- Scheduled breaking news (issue 11): an article scheduled with `/schedule <when> breaking` is
-- published at its time as /breaking publishes: marked breaking (migration 0013), with its own
-- delivery round opened in the transaction that publishes it, and never in a digest.
ALTER TABLE scheduled_articles ADD COLUMN breaking INTEGER NOT NULL DEFAULT 0
    CHECK (breaking IN (0, 1));

-- Each chat's rhythm (issue 11): a daily digest instead of every round, and quiet hours; both
-- per subscription (a chat, or one forum topic), in minutes of the day in TIMEZONE.
--
-- digest_at NULL (the default, and what every existing subscription keeps): an alert every
-- round. Else one digest a day, due once the chat's oldest headline not yet announced was
-- published before the latest digest time (so a digest lists what came before it, and nothing
-- waits for a digest time that already passed).
-- quiet_from / quiet_until NULL: no quiet hours. Else digests are not planned from quiet_from
-- up to quiet_until (across midnight when quiet_from > quiet_until); the chat's cursor stays,
-- so the first round after them announces everything held back in one digest. Breaking news
-- still goes, silently.
-- Planning reads these columns of the row it already reads: a million chats cost no more
-- lookups than before, except one index seek per daily-digest chat behind the newest article.
ALTER TABLE subscriptions ADD COLUMN digest_at INTEGER
    CHECK (digest_at IS NULL OR digest_at BETWEEN 0 AND 1439);
ALTER TABLE subscriptions ADD COLUMN quiet_from INTEGER
    CHECK (quiet_from IS NULL OR quiet_from BETWEEN 0 AND 1439);
ALTER TABLE subscriptions ADD COLUMN quiet_until INTEGER
    CHECK ((quiet_until IS NULL) = (quiet_from IS NULL)
        AND (quiet_until IS NULL OR (quiet_until BETWEEN 0 AND 1439 AND quiet_until != quiet_from)));

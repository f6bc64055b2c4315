-- Breaking news (issue 11): an article published as breaking goes out at once, alone, to every
-- chat subscribed when it was published, and never in a digest.
--
-- articles.breaking: published with /breaking. Digests leave such articles out of their range
-- (`ArticleRepository.between`), and a round is opened only for the newest article that is not
-- one (`OutboxRepository.open_round`); chats' cursors move past them with the next digest.
ALTER TABLE articles ADD COLUMN breaking INTEGER NOT NULL DEFAULT 0 CHECK (breaking IN (0, 1));

-- A breaking article's delivery is a round of its own (kind 'breaking', through_article_id the
-- article), inserted in the transaction that publishes the article: planning starts from it at
-- once, and a crash before planning ended leaves planned_at NULL, so the next start plans the
-- rest (digest rounds cut short are closed instead: their chats' cursors did not move).
ALTER TABLE rounds ADD COLUMN kind TEXT NOT NULL DEFAULT 'digest'
    CHECK (kind IN ('digest', 'breaking'));
CREATE UNIQUE INDEX rounds_breaking_once ON rounds (through_article_id) WHERE kind = 'breaking';
CREATE INDEX rounds_unplanned ON rounds (id) WHERE planned_at IS NULL;

-- Breaking alerts beside digest alerts in the outbox: one article (after_article_id is the id
-- before it), claimed before any due digest alert (priority 0 before 1). UNIQUE (chat_id,
-- through_article_id) keeps them once per chat: a digest's through_article_id is never a
-- breaking article. disable_notification is sent as given (NULL: left out, Telegram's default);
-- breaking alerts give 0, so they ring.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'digest'
    CHECK (kind IN ('digest', 'breaking'));
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 1;
ALTER TABLE outbox ADD COLUMN disable_notification INTEGER
    CHECK (disable_notification IN (0, 1));
-- Claiming takes due alerts by priority, then in id order, straight from this partial index.
DROP INDEX outbox_due;
CREATE INDEX outbox_due ON outbox (priority, id) WHERE state = 'due';

-- A tracked breaking alert is re-rendered as one (its article alone, marked breaking) when the
-- article is corrected.
ALTER TABLE messages ADD COLUMN breaking INTEGER NOT NULL DEFAULT 0 CHECK (breaking IN (0, 1));

-- Subscribed chats, delivery rounds, and the durable outbox of headline alerts.

-- cursor_article_id is the newest article already planned for this chat: alerts carry only
-- articles after it, and it only moves forward, so a headline reaches a chat at most once.
CREATE TABLE subscriptions (
    chat_id           INTEGER PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('private', 'group', 'supergroup', 'channel')),
    title             TEXT,
    username          TEXT,
    language          TEXT    CHECK (language IN ('en', 'ka')),
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    cursor_article_id INTEGER NOT NULL DEFAULT 0,
    subscribed_at     INTEGER NOT NULL,
    subscribed_by     INTEGER,
    inactive_reason   TEXT,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX subscriptions_behind ON subscriptions (active, cursor_article_id);

CREATE TABLE rounds (
    id                 INTEGER PRIMARY KEY,
    started_at         REAL    NOT NULL,
    through_article_id INTEGER NOT NULL,
    planned            INTEGER NOT NULL DEFAULT 0,
    finished_at        REAL
);

-- One alert for one chat. state: due -> claimed -> sent | failed (or back to due to retry).
-- kind and language are copied at planning time so that claiming needs no join.
CREATE TABLE outbox (
    id                 INTEGER PRIMARY KEY,
    round_id           INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    chat_id            INTEGER NOT NULL,
    chat_kind          TEXT    NOT NULL,
    language           TEXT,
    after_article_id   INTEGER NOT NULL,
    through_article_id INTEGER NOT NULL,
    state              TEXT    NOT NULL DEFAULT 'due'
                               CHECK (state IN ('due', 'claimed', 'sent', 'failed')),
    attempts           INTEGER NOT NULL DEFAULT 0,
    not_before         REAL    NOT NULL DEFAULT 0,
    sent_chat_id       INTEGER,
    message_id         INTEGER,
    last_error         TEXT,
    updated_at         REAL    NOT NULL,
    UNIQUE (chat_id, through_article_id)
);
-- Partial: the index holds only the unfinished rows, however long the history grows.
CREATE INDEX outbox_pending ON outbox (state, not_before, id) WHERE state IN ('due', 'claimed');
CREATE INDEX outbox_by_round ON outbox (round_id, state);

-- A headline alert counts once per article and chat, ever.
CREATE UNIQUE INDEX deliveries_alert_once ON deliveries (article_id, chat_id) WHERE kind = 'alert';

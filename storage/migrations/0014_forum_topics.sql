-- Forum topics (issue 11): in a forum supergroup each topic subscribes on its own, and its
-- alerts go to its message_thread_id.
--
-- A subscription is keyed by (chat_id, thread_id): thread_id 0 is the chat itself (a private
-- chat, a channel, a group, or a forum's General topic, which Telegram reaches without a
-- message_thread_id); any other is the topic's message_thread_id. What a chat may choose later
-- (sections, its rhythm) hangs on this key, so a topic chooses for itself. Chat-wide facts stay
-- per chat: the language a group chose (`chats`), pacing (one group's topics share its limits),
-- a 403 or a migration (every topic of the chat follows). topic: the topic's name as Telegram
-- last showed it (editors see it in /channels and approval requests); NULL for thread 0, or
-- when no message said it. Approval (0007) is per subscription too: a topic waits on its own.
--
-- SQLite cannot change a primary key in place, so the table is rebuilt. WITHOUT ROWID keeps the
-- rows in key order, as the INTEGER PRIMARY KEY did: planning a round still reads ranges of
-- chat ids straight from the table (each chunk takes every topic of its last chat), with no
-- second index beside it; a row is ~100 bytes, well within what WITHOUT ROWID suits.
CREATE TABLE subscriptions_rebuilt (
    chat_id            INTEGER NOT NULL,
    thread_id          INTEGER NOT NULL DEFAULT 0 CHECK (thread_id >= 0),
    kind               TEXT    NOT NULL
                               CHECK (kind IN ('private', 'group', 'supergroup', 'channel')),
    title              TEXT,
    username           TEXT,
    language           TEXT    CHECK (language IN ('en', 'ka')),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    cursor_article_id  INTEGER NOT NULL DEFAULT 0,
    subscribed_at      INTEGER NOT NULL,
    subscribed_by      INTEGER,
    inactive_reason    TEXT,
    updated_at         INTEGER NOT NULL,
    subscribed_by_name TEXT,
    topic              TEXT,
    PRIMARY KEY (chat_id, thread_id)
) WITHOUT ROWID;
INSERT INTO subscriptions_rebuilt
    (chat_id, kind, title, username, language, active, cursor_article_id, subscribed_at,
     subscribed_by, inactive_reason, updated_at, subscribed_by_name)
SELECT chat_id, kind, title, username, language, active, cursor_article_id, subscribed_at,
       subscribed_by, inactive_reason, updated_at, subscribed_by_name
FROM subscriptions;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_rebuilt RENAME TO subscriptions;
CREATE INDEX subscriptions_behind ON subscriptions (active, cursor_article_id);

-- An alert goes to one topic: the outbox carries thread_id, copied at planning time like the
-- chat's kind and language, and an alert stays unique per article range and topic (two topics
-- of one group each get theirs; a breaking article still reaches each topic once). The table
-- is rebuilt for that constraint, with every column and index it had.
CREATE TABLE outbox_rebuilt (
    id                   INTEGER PRIMARY KEY,
    round_id             INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    chat_id              INTEGER NOT NULL,
    thread_id            INTEGER NOT NULL DEFAULT 0,
    chat_kind            TEXT    NOT NULL,
    language             TEXT,
    after_article_id     INTEGER NOT NULL,
    through_article_id   INTEGER NOT NULL,
    state                TEXT    NOT NULL DEFAULT 'due'
                                 CHECK (state IN ('due', 'claimed', 'sent', 'failed')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    not_before           REAL    NOT NULL DEFAULT 0,
    sent_chat_id         INTEGER,
    message_id           INTEGER,
    last_error           TEXT,
    updated_at           REAL    NOT NULL,
    kind                 TEXT    NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'breaking')),
    priority             INTEGER NOT NULL DEFAULT 1,
    disable_notification INTEGER CHECK (disable_notification IN (0, 1)),
    UNIQUE (chat_id, thread_id, through_article_id)
);
INSERT INTO outbox_rebuilt
    (id, round_id, chat_id, chat_kind, language, after_article_id, through_article_id, state,
     attempts, not_before, sent_chat_id, message_id, last_error, updated_at, kind, priority,
     disable_notification)
SELECT id, round_id, chat_id, chat_kind, language, after_article_id, through_article_id, state,
       attempts, not_before, sent_chat_id, message_id, last_error, updated_at, kind, priority,
       disable_notification
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_rebuilt RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (priority, id) WHERE state = 'due';
CREATE INDEX outbox_claimed ON outbox (id) WHERE state = 'claimed';
CREATE INDEX outbox_by_round ON outbox (round_id, state);

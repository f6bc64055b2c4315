-- Message tracking (issue 10): every message the bot sends about an article, so a correction or
-- a retraction can reach each copy; and the edit/delete work that brings copies up to date.
--
-- One row per Telegram message: an alert (one message, the range of articles it announced) or
-- one part of a /read reply or deep-link reply (part 0 is the head: the photo with its caption, or the first text
-- part; the body parts follow in order). language is the one it was rendered in; is_photo says
-- whether it can only be edited through its caption or media; photo_unique_id is the photo it
-- shows now (a corrected photo is swapped with editMessageMedia). state: 'live'; 'deleted' once
-- the bot deleted it; 'gone' when Telegram said it no longer exists or cannot be edited.
--
-- Retention: rows are kept as long as the alerts' outbox rows (OUTBOX_RETENTION, pruned with the
-- rounds), measured from sent_at: a bot may edit its own messages without a time limit, but a
-- correction weeks later reaches few readers, and the table must not grow without bound.
CREATE TABLE messages (
    id               INTEGER PRIMARY KEY,
    chat_id          INTEGER NOT NULL,
    message_id       INTEGER NOT NULL,
    chat_kind        TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('alert', 'read')),
    article_id       INTEGER,
    after_article_id INTEGER,
    through_article_id INTEGER,
    part             INTEGER NOT NULL DEFAULT 0,
    head_message_id  INTEGER NOT NULL,
    language         TEXT,
    is_photo         INTEGER NOT NULL DEFAULT 0 CHECK (is_photo IN (0, 1)),
    photo_unique_id  TEXT,
    sent_at          REAL    NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'live' CHECK (state IN ('live', 'deleted', 'gone')),
    UNIQUE (chat_id, message_id)
);
CREATE INDEX messages_by_sent_at ON messages (sent_at);
-- The parts of one /read reply, in order: a reply is its chat and its head's message id
-- (head_message_id is the message's own id for an alert and for a reply's head).
CREATE INDEX messages_by_reply ON messages (chat_id, head_message_id, part);

-- Which articles each message shows: "every message showing article N" is one index range,
-- whatever the number of chats (an alert shows at most ALERT_HEADLINES articles).
CREATE TABLE message_articles (
    article_id INTEGER NOT NULL,
    message    INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, message)
) WITHOUT ROWID;
CREATE INDEX message_articles_by_message ON message_articles (message);

-- Work that updates a tracked message from the current state of what it shows: re-render and
-- edit it, swap its photo, delete it (within 48 hours) or withdraw it. state: due -> claimed ->
-- done | failed. At most one item per message waits as 'due': planning again while one waits
-- adds nothing, and the item renders whatever is current when it runs.
CREATE TABLE message_work (
    id         INTEGER PRIMARY KEY,
    message    INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL,
    state      TEXT    NOT NULL DEFAULT 'due'
                       CHECK (state IN ('due', 'claimed', 'done', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    not_before REAL    NOT NULL DEFAULT 0,
    action     TEXT,
    last_error TEXT,
    created_at REAL    NOT NULL,
    updated_at REAL    NOT NULL
);
CREATE UNIQUE INDEX message_work_one_due ON message_work (message) WHERE state = 'due';
CREATE INDEX message_work_due ON message_work (id) WHERE state = 'due';
CREATE INDEX message_work_claimed ON message_work (message) WHERE state = 'claimed';
CREATE INDEX message_work_by_message ON message_work (message);

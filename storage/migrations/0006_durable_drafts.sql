-- Drafts live in the database, so a restart between two parts of an article loses nothing; and
-- an article remembers what published it, so a redelivered update cannot publish it twice.

-- One open draft per editor and chat. step: where the guided /post flow stands. body_parts is a
-- JSON array of Telegram-safe HTML parts; language is the editor's, for messages sent unasked.
CREATE TABLE drafts (
    chat_id    INTEGER NOT NULL,
    editor_id  INTEGER NOT NULL,
    step       TEXT    NOT NULL CHECK (step IN ('headline', 'body', 'preview')),
    headline   TEXT,
    body_parts TEXT    NOT NULL DEFAULT '[]',
    language   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    touched_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, editor_id)
);
CREATE INDEX drafts_by_touch ON drafts (touched_at);

-- origin: the message (or preview) whose update published the article, e.g. "message:12:345".
ALTER TABLE articles ADD COLUMN origin TEXT;
CREATE UNIQUE INDEX articles_by_origin ON articles (origin) WHERE origin IS NOT NULL;

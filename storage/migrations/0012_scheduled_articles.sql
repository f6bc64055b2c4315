-- Scheduled publication (issue 11): articles that editors scheduled, waiting for their time.
--
-- A scheduled article is NOT a row of `articles` until its time. Delivery rounds announce
-- ranges of article ids (each chat's cursor), so ids must grow in publication order: an article
-- stored now with an earlier id than one published before its time would never be announced.
-- At its time the article is inserted into `articles` (a fresh id, created_at = that moment) in
-- the same transaction that marks its row here 'published' with that article_id: never twice,
-- whatever two processes or a crash in between do.
--
-- Its content is everything a draft's publication needs: headline, body_html, author_id and the
-- lead photo columns (as articles have them since 0008). origin names the update that scheduled
-- it (e.g. "message:12:345"), so a redelivered update schedules nothing twice. publish_at: when
-- (epoch seconds); chat_id and language: where and in which language its editor is told it went
-- out; editor_told_at: when they were (NULL: not yet, the job tells them on its next run).
CREATE TABLE scheduled_articles (
    id              INTEGER PRIMARY KEY,
    headline        TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    author_id       INTEGER NOT NULL,
    photo_file_id   TEXT,
    photo_unique_id TEXT,
    photo_width     INTEGER,
    photo_height    INTEGER,
    photo_size      INTEGER,
    origin          TEXT,
    publish_at      INTEGER NOT NULL,
    chat_id         INTEGER NOT NULL,
    language        TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'waiting'
                            CHECK (state IN ('waiting', 'published', 'cancelled')),
    article_id      INTEGER REFERENCES articles (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    editor_told_at  INTEGER,
    CHECK ((state = 'published') = (article_id IS NOT NULL))
);
CREATE UNIQUE INDEX scheduled_articles_by_origin ON scheduled_articles (origin)
    WHERE origin IS NOT NULL;
-- What the job looks for every few seconds, and /scheduled lists: the waiting ones by time.
CREATE INDEX scheduled_articles_waiting ON scheduled_articles (publish_at, id)
    WHERE state = 'waiting';
-- Published ones whose editor has not been told yet.
CREATE INDEX scheduled_articles_untold ON scheduled_articles (id)
    WHERE state = 'published' AND editor_told_at IS NULL;

-- Drafts: step 'schedule' waits for the time to publish at (the preview's Schedule button). A
-- draft that reschedules an article (`reschedules` = its scheduled id; /scheduled's Reschedule)
-- has no content of its own and is always at that step. SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt (it holds a few open drafts at most).
CREATE TABLE drafts_rebuilt (
    chat_id         INTEGER NOT NULL,
    editor_id       INTEGER NOT NULL,
    step            TEXT    NOT NULL
                            CHECK (step IN ('headline', 'body', 'preview', 'choose', 'schedule')),
    headline        TEXT,
    body_parts      TEXT    NOT NULL DEFAULT '[]',
    language        TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    touched_at      INTEGER NOT NULL,
    photo_file_id   TEXT,
    photo_unique_id TEXT,
    photo_width     INTEGER,
    photo_height    INTEGER,
    photo_size      INTEGER,
    corrects        INTEGER,
    reschedules     INTEGER,
    PRIMARY KEY (chat_id, editor_id)
);
INSERT INTO drafts_rebuilt
    (chat_id, editor_id, step, headline, body_parts, language, created_at, touched_at,
     photo_file_id, photo_unique_id, photo_width, photo_height, photo_size, corrects)
SELECT chat_id, editor_id, step, headline, body_parts, language, created_at, touched_at,
       photo_file_id, photo_unique_id, photo_width, photo_height, photo_size, corrects
FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_rebuilt RENAME TO drafts;
CREATE INDEX drafts_by_touch ON drafts (touched_at);

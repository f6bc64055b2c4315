-- Corrections and retractions (issue 10): an article's revisions, who withdrew it, and drafts
-- that correct a published article instead of creating one.
--
-- article_revisions: one row per version of an article, numbered from 1. Revision 1 is the
-- original; it is NOT backfilled here (that would copy every article for the few ever
-- corrected): the first correction stores it, in the same transaction as revision 2, taken from
-- the article row (editor = its author, created_at = its publication). An article without rows
-- here has never been corrected, and its history is the article itself. changes: what this
-- revision changed from the one before, a comma-separated subset of headline, body, photo
-- ('' for the original).
CREATE TABLE article_revisions (
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    revision        INTEGER NOT NULL CHECK (revision >= 1),
    headline        TEXT    NOT NULL,
    body_html       TEXT    NOT NULL,
    photo_file_id   TEXT,
    photo_unique_id TEXT,
    photo_width     INTEGER,
    photo_height    INTEGER,
    photo_size      INTEGER,
    editor_id       INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    changes         TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, revision)
) WITHOUT ROWID;

-- updated_at: when the headline or text was last corrected (the "✏️ Updated" note readers see;
-- a correction of the photo alone swaps the picture and leaves it), NULL if never.
-- retracted_at / retracted_by: when and by which editor the article was withdrawn, NULL while
-- it is published; /restore clears both.
ALTER TABLE articles ADD COLUMN updated_at INTEGER;
ALTER TABLE articles ADD COLUMN retracted_at INTEGER;
ALTER TABLE articles ADD COLUMN retracted_by INTEGER;

-- A draft may correct a published article (corrects = its id) rather than create one; it then
-- starts as the article's current headline, text and photo, and step 'choose' waits for the
-- editor to pick what to replace. SQLite cannot change a CHECK constraint in place, so the table
-- is rebuilt (it holds a few open drafts at most).
CREATE TABLE drafts_rebuilt (
    chat_id         INTEGER NOT NULL,
    editor_id       INTEGER NOT NULL,
    step            TEXT    NOT NULL CHECK (step IN ('headline', 'body', 'preview', 'choose')),
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
    PRIMARY KEY (chat_id, editor_id)
);
INSERT INTO drafts_rebuilt
    (chat_id, editor_id, step, headline, body_parts, language, created_at, touched_at,
     photo_file_id, photo_unique_id, photo_width, photo_height, photo_size)
SELECT chat_id, editor_id, step, headline, body_parts, language, created_at, touched_at,
       photo_file_id, photo_unique_id, photo_width, photo_height, photo_size
FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_rebuilt RENAME TO drafts;
CREATE INDEX drafts_by_touch ON drafts (touched_at);

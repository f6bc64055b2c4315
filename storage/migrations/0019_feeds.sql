-- Feeds (issue 12): the desk's site feeds the bot. Each feed (RSS 2.0, Atom, RDF) is polled every
-- FEED_INTERVAL; each new entry becomes an article (mode 'publish') or a preview for the editors
-- (mode 'review').
--
-- A feed's id is stable and never reused (AUTOINCREMENT): editors name it in /removefeed and
-- /pausefeed, and its entries are deduplicated by it forever. A removed feed stays (removed_at)
-- with its entries; adding the same URL again is a new feed, which announces only what is
-- published after it was added. etag and last_modified are the validators of the last 200
-- (conditional GET); next_poll_at is when it is polled next (backoff moves it on failures);
-- failures counts the failures in a row, error_reported whether that streak was reported to
-- ERROR_CHAT_ID (once per streak). primed_at: the first successful poll, which imports the newest
-- few entries into the archive without alerts and remembers every other one as seen.
CREATE TABLE feeds (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    url             TEXT    NOT NULL,
    section_id      INTEGER REFERENCES sections (id),
    mode            TEXT    NOT NULL DEFAULT 'publish' CHECK (mode IN ('publish', 'review')),
    paused          INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    added_by        INTEGER NOT NULL,
    added_at        INTEGER NOT NULL,
    removed_at      INTEGER,
    etag            TEXT,
    last_modified   TEXT,
    next_poll_at    REAL    NOT NULL DEFAULT 0,
    primed_at       INTEGER,
    last_success_at INTEGER,
    last_error      TEXT,
    last_error_at   INTEGER,
    failures        INTEGER NOT NULL DEFAULT 0,
    error_reported  INTEGER NOT NULL DEFAULT 0 CHECK (error_reported IN (0, 1))
);
CREATE UNIQUE INDEX feeds_live_url ON feeds (url) WHERE removed_at IS NULL;
CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE removed_at IS NULL AND paused = 0;

-- Every entry a feed ever showed, by its id (or link when it has none): seen once, never new
-- again. fingerprint is a hash of what the article shows (headline, text, photo, link), and
-- updated the entry's own updated date: either changing makes a correction of its article.
-- state: 'published' (an article, announced), 'imported' (an article, quietly: the first poll),
-- 'seen' (older than the feed: remembered, never published), 'review' (a preview waits for an
-- editor), 'skipped' (an editor skipped it), 'edited' (an editor took it into a draft). A
-- review's content is kept here (headline, body_html, link, photo_url, published_at) until an
-- editor decides; the id is what the preview's buttons carry.
CREATE TABLE feed_entries (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    feed_id      INTEGER NOT NULL REFERENCES feeds (id),
    entry_key    TEXT    NOT NULL,
    fingerprint  TEXT    NOT NULL,
    updated      TEXT,
    state        TEXT    NOT NULL
        CHECK (state IN ('published', 'imported', 'seen', 'review', 'skipped', 'edited')),
    article_id   INTEGER REFERENCES articles (id),
    headline     TEXT,
    body_html    TEXT,
    link         TEXT,
    photo_url    TEXT,
    published_at INTEGER,
    seen_at      INTEGER NOT NULL,
    decided_by   INTEGER,
    UNIQUE (feed_id, entry_key)
);

-- An article's page on the site (a feed entry's link; the publish API's too), offered as an
-- "Open on site" button under /read and single-article alerts; and a lead photo known by URL
-- alone, sent by URL until Telegram gives its file_id, which then fills the photo_* columns.
ALTER TABLE articles ADD COLUMN canonical_url TEXT;
ALTER TABLE articles ADD COLUMN photo_url TEXT;

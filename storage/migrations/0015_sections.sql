-- Sections (issue 11): editors define them (World, Georgia, Business), an article has one, and
-- readers list the newest of one with /latest <section>.
--
-- A section's id is stable and never reused (AUTOINCREMENT): what chats will follow (a later
-- migration, keyed by sections.id; "follows all" there is the absence of a choice, so a new
-- section is followed by those who follow all) and the section an article keeps both name it.
-- Names in both languages; key_en and key_ka are the names as they are matched (bot/news/
-- sections.py `key`: case-folded, `_` and `-` as spaces), unique per language among the live
-- sections. position orders lists and the preview's buttons. removed_at: a removed section
-- leaves every list and choice, but stays here, so the articles that have it keep its name.
CREATE TABLE sections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name_en    TEXT    NOT NULL CHECK (length(name_en) BETWEEN 1 AND 64),
    name_ka    TEXT    NOT NULL CHECK (length(name_ka) BETWEEN 1 AND 64),
    key_en     TEXT    NOT NULL,
    key_ka     TEXT    NOT NULL,
    position   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    removed_at INTEGER
);
CREATE UNIQUE INDEX sections_live_key_en ON sections (key_en) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX sections_live_key_ka ON sections (key_ka) WHERE removed_at IS NULL;
CREATE INDEX sections_live_by_position ON sections (position, id) WHERE removed_at IS NULL;

-- An article's section; NULL for articles published before there were sections (and while
-- there are none). Publishing resolves the chosen section in SQL (storage/articles.py
-- `insert_article`): a removed or missing one means the first live section.
ALTER TABLE articles ADD COLUMN section_id INTEGER REFERENCES sections (id);
-- /latest <section> and its paging: one index range, newest first, like articles_newest_first
-- for /latest (a million articles: no scan, no sort). Partial: articles without a section are
-- never asked for by section.
CREATE INDEX articles_by_section ON articles (section_id, published_at DESC, id DESC)
    WHERE section_id IS NOT NULL;

-- The section chosen in a draft's preview (or with /post Headline #section), and the one a
-- scheduled article is published in; NULL: the first live section when it is published.
ALTER TABLE drafts ADD COLUMN section_id INTEGER REFERENCES sections (id);
ALTER TABLE scheduled_articles ADD COLUMN section_id INTEGER REFERENCES sections (id);

-- An editor's Add or Rename waits for the names ("English | Georgian") in their next message in
-- that chat; kept here, not in memory, so a restart loses nothing. section_id: the section
-- renamed, NULL: a new one. Any other command ends the wait.
CREATE TABLE section_prompts (
    chat_id    INTEGER NOT NULL,
    editor_id  INTEGER NOT NULL,
    section_id INTEGER REFERENCES sections (id),
    asked_at   INTEGER NOT NULL,
    PRIMARY KEY (chat_id, editor_id)
);

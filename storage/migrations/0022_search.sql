-- Search (issue 13): full-text indexes over the headline and text of every article readers may
-- see, kept in step with publishing, corrections and retractions by triggers.
--
-- Articles store their text as Telegram HTML; the indexes hold text only. newsbot_text(html)
-- turns one into the other: a deterministic SQL function every connection registers (storage/
-- search.py `register`, called by storage/database.py before migrating), so tags, attributes and
-- entities (`<a href=…>`, `&amp;`) are never indexed, matched or shown in a snippet.
--
-- article_text: what is indexed, one row per article readers may see (withdrawn ones are not:
-- they leave both indexes when withdrawn and come back when restored). Scheduled articles live
-- in scheduled_articles until their time, so they are not here either. Both indexes are
-- external-content tables over this view: the text is not stored twice, and snippet() reads it
-- back from the article.
CREATE VIEW article_text (id, headline, body) AS
    SELECT id, headline, newsbot_text(body_html) FROM articles WHERE retracted_at IS NULL;

-- Words: Georgian and English letters are word characters to unicode61; case and diacritics are
-- folded ("Café" finds "cafe"). Whole words, ranked by bm25.
CREATE VIRTUAL TABLE article_words USING fts5 (
    headline, body,
    content = 'article_text', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Substrings: the start of a longer word ("tbilis" in "Tbilisi") and a Georgian word inside a
-- longer one ("ქართველ" in "საქართველოში"). FTS5 prefix queries on article_words would gather
-- every posting of every word with the prefix first; trigrams are read lazily, newest first.
-- Every 3 characters of the text are a term here; detail=none keeps no positions (the index is
-- the size of article_words instead of four times it), so a query asks for a word's trigrams
-- together and storage/search.py checks the word itself in the candidates' text.
CREATE VIRTUAL TABLE article_trigrams USING fts5 (
    headline, body,
    content = 'article_text', content_rowid = 'id',
    tokenize = 'trigram', detail = none
);

INSERT INTO article_words (rowid, headline, body) SELECT id, headline, body FROM article_text;
INSERT INTO article_trigrams (rowid, headline, body) SELECT id, headline, body FROM article_text;

-- Publishing (and a scheduled article's publication, which inserts it then).
CREATE TRIGGER article_text_insert AFTER INSERT ON articles WHEN new.retracted_at IS NULL
BEGIN
    INSERT INTO article_words (rowid, headline, body)
        VALUES (new.id, new.headline, newsbot_text(new.body_html));
    INSERT INTO article_trigrams (rowid, headline, body)
        VALUES (new.id, new.headline, newsbot_text(new.body_html));
END;

-- A correction (headline or text), a withdrawal or a restoration: out with what was indexed, in
-- with what readers now see, in this order (one trigger: two would fire in an order SQLite does
-- not promise). Only these columns: views and deliveries update articles all the time and must
-- not touch the indexes.
CREATE TRIGGER article_text_update AFTER UPDATE OF headline, body_html, retracted_at ON articles
WHEN (old.retracted_at IS NULL) IS NOT (new.retracted_at IS NULL)
    OR new.headline IS NOT old.headline OR new.body_html IS NOT old.body_html
BEGIN
    INSERT INTO article_words (article_words, rowid, headline, body)
        SELECT 'delete', old.id, old.headline, newsbot_text(old.body_html)
        WHERE old.retracted_at IS NULL;
    INSERT INTO article_trigrams (article_trigrams, rowid, headline, body)
        SELECT 'delete', old.id, old.headline, newsbot_text(old.body_html)
        WHERE old.retracted_at IS NULL;
    INSERT INTO article_words (rowid, headline, body)
        SELECT new.id, new.headline, newsbot_text(new.body_html)
        WHERE new.retracted_at IS NULL;
    INSERT INTO article_trigrams (rowid, headline, body)
        SELECT new.id, new.headline, newsbot_text(new.body_html)
        WHERE new.retracted_at IS NULL;
END;

CREATE TRIGGER article_text_delete AFTER DELETE ON articles WHEN old.retracted_at IS NULL
BEGIN
    INSERT INTO article_words (article_words, rowid, headline, body)
        VALUES ('delete', old.id, old.headline, newsbot_text(old.body_html));
    INSERT INTO article_trigrams (article_trigrams, rowid, headline, body)
        VALUES ('delete', old.id, old.headline, newsbot_text(old.body_html));
END;

-- A search's words, kept so its Older / Newer buttons can name it by number: callback data has
-- 64 bytes, too few for a query. One row per distinct query (asked again: its time is renewed);
-- rows older than a week are pruned when a query is stored (storage/search.py).
CREATE TABLE search_queries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    query      TEXT    NOT NULL UNIQUE,
    asked_at   INTEGER NOT NULL
);
CREATE INDEX search_queries_by_age ON search_queries (asked_at);

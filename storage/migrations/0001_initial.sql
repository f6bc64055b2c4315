-- Articles, chats with their language choice, and the audit trail of deliveries behind view counts.

-- AUTOINCREMENT: an id is never reused, so an old /read_<id> link can never show another article.
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    headline     TEXT    NOT NULL CHECK (length(headline) BETWEEN 1 AND 200),
    body_html    TEXT    NOT NULL CHECK (length(body_html) > 0),
    author_id    INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    published_at INTEGER NOT NULL,
    views        INTEGER NOT NULL DEFAULT 0 CHECK (views >= 0)
);
CREATE INDEX articles_newest_first ON articles (published_at DESC, id DESC);

-- language is the chat's own choice (/language); NULL follows each user's Telegram language.
CREATE TABLE chats (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('private', 'group', 'supergroup', 'channel')),
    title      TEXT,
    language   TEXT    CHECK (language IN ('en', 'ka')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- One row per delivery of an article to a chat; an article's views equal its row count here.
CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('read', 'alert')),
    delivered_at INTEGER NOT NULL
);
CREATE INDEX deliveries_by_article ON deliveries (article_id, delivered_at);
CREATE INDEX deliveries_by_chat ON deliveries (chat_id, article_id);

-- Inline sharing (issue 13): a result a reader chose in inline mode (`@bot words` in any chat)
-- posted the article's headline and lead into a chat, so it is a delivery of its own kind,
-- 'inline': one more view, counted by the same triggers as reads and alerts, and shown by
-- `/stats <id>`. Its chat is the sharer's private chat with the bot (user id = chat id): the chat
-- it was posted in is never told to the bot.
--
-- Telegram may send the same chosen_inline_result again, so each carries `inline_key` (its
-- inline_message_id, or the result id, user and query id when there is none) and is counted
-- once: a second row with the same key is ignored, adding no view. Only inline deliveries have
-- a key.
--
-- SQLite cannot alter a CHECK constraint: the table is rebuilt the standard way (new table, one
-- INSERT ... SELECT of every row with its id, drop, rename), and its indexes and triggers are
-- created again exactly as 0001, 0002, 0005 and 0023 left them. The copy runs before the
-- triggers exist, so it counts no view twice. The migration runs in one transaction.
CREATE TABLE deliveries_new (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('read', 'alert', 'inline')),
    delivered_at INTEGER NOT NULL,
    inline_key   TEXT    CHECK ((kind = 'inline') = (inline_key IS NOT NULL))
);

INSERT INTO deliveries_new (id, article_id, chat_id, kind, delivered_at)
SELECT id, article_id, chat_id, kind, delivered_at FROM deliveries;

DROP TABLE deliveries;

ALTER TABLE deliveries_new RENAME TO deliveries;

CREATE INDEX deliveries_by_article ON deliveries (article_id, delivered_at);

-- A headline alert counts once per article and chat, ever (0002).
CREATE UNIQUE INDEX deliveries_alert_once ON deliveries (article_id, chat_id) WHERE kind = 'alert';

-- A chosen inline result counts once, however often Telegram reports it.
CREATE UNIQUE INDEX deliveries_inline_once ON deliveries (inline_key) WHERE inline_key IS NOT NULL;

-- An article's views are its delivery rows (0005).
CREATE TRIGGER deliveries_count_views AFTER INSERT ON deliveries
BEGIN
    UPDATE articles SET views = views + 1 WHERE id = NEW.article_id;
END;

-- Views per hour, article and kind (0023).
CREATE TRIGGER deliveries_count_hourly AFTER INSERT ON deliveries
BEGIN
    INSERT INTO article_views_hourly (hour, article_id, kind, views)
    VALUES (NEW.delivered_at / 3600, NEW.article_id, NEW.kind, 1)
    ON CONFLICT (hour, article_id, kind) DO UPDATE SET views = views + 1;
END;

-- Most read and editors' insight (issue 13).
--
-- /top ranks articles by the views gained in the last 7 days, and the /stats chart counts views
-- per day over 30 days. Counting delivery rows for that grows with the audience: one round to a
-- million subscribers is a million rows, and /top (which any reader may send) would add up
-- millions of them each time (measured: 0.26 s for 700,000 rows through an index on
-- delivered_at, linear in them). So the views are also counted per hour, article and kind, by
-- the database itself like `articles.views` (0005): each inserted delivery adds one; an
-- ignored one (the same alert recorded twice) adds none. A round of alerts for one article is
-- one row here, whatever its size. Hours, not days, so days can be cut in any time zone with a
-- whole-hour offset.
CREATE TABLE article_views_hourly (
    hour       INTEGER NOT NULL,  -- delivered_at / 3600
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    views      INTEGER NOT NULL CHECK (views > 0),
    PRIMARY KEY (hour, article_id, kind)
) WITHOUT ROWID;

INSERT INTO article_views_hourly (hour, article_id, kind, views)
SELECT delivered_at / 3600, article_id, kind, count(*) FROM deliveries
GROUP BY delivered_at / 3600, article_id, kind;

CREATE TRIGGER deliveries_count_hourly AFTER INSERT ON deliveries
BEGIN
    INSERT INTO article_views_hourly (hour, article_id, kind, views)
    VALUES (NEW.delivered_at / 3600, NEW.article_id, NEW.kind, 1)
    ON CONFLICT (hour, article_id, kind) DO UPDATE SET views = views + 1;
END;

-- Reaction counts of the bot's messages in channels where it is an administrator, from
-- Telegram's `message_reaction_count` updates (anonymous totals, possibly minutes late). Each
-- update gives a message's full current counts: they replace what was stored, unless an update
-- dated later was stored already. reaction: the emoji itself, 'custom:<custom_emoji_id>', or
-- 'paid'. /stats <id> finds an article's messages through message_articles (migration 0009).
CREATE TABLE message_reactions (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    reaction   TEXT    NOT NULL,
    total      INTEGER NOT NULL CHECK (total > 0),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, message_id, reaction)
) WITHOUT ROWID;

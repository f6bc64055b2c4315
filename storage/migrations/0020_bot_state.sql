-- What the bot keeps about itself between runs (issue 12): one value per key. First the
-- webhook's secret token, generated once when WEBHOOK_SECRET is not set, so that every
-- instance of a deployment (and every restart) tells Telegram the same secret and the
-- requests Telegram already queued with it are still accepted.
CREATE TABLE bot_state (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- A feed entry an editor took into a draft (review mode's Edit, migration 0025) and then
-- scheduled instead of publishing keeps what ties it to the site until its time:
-- canonical_url, the published article's page ("Open on site"); feed_entry_id, the entry,
-- whose article_id is set in the transaction that publishes the scheduled article, so the
-- site's later changes of the entry correct it. Both NULL for every other scheduled article.
ALTER TABLE scheduled_articles ADD COLUMN canonical_url TEXT;
ALTER TABLE scheduled_articles ADD COLUMN feed_entry_id INTEGER REFERENCES feed_entries (id);

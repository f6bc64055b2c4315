-- Review mode's Edit (issue 12's leftover): a feed entry an editor takes into a draft keeps what
-- ties it to the site. canonical_url: the entry's link, the published article's page ("Open on
-- site"); feed_entry_id: the entry, whose article_id is set when the draft is published, so a
-- later change of the entry on the site corrects that article as it would a published entry's.
-- Both NULL for every other draft.
ALTER TABLE drafts ADD COLUMN canonical_url TEXT;
ALTER TABLE drafts ADD COLUMN feed_entry_id INTEGER REFERENCES feed_entries (id);

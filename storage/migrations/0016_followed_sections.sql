-- Followed sections (issue 11): each subscription (a chat, or one forum topic) chooses which
-- sections it follows; digests carry only their headlines, and breaking news only theirs.
--
-- follows_all = 1 (the default, and what every existing subscription keeps): every section,
-- those added later included; planning then reads nothing more for it, so the common case
-- costs a million chats nothing. follows_all = 0: exactly the sections listed for it in
-- followed_sections (possibly none), so a section added later is not followed. Articles
-- without a section (published before there were sections) reach every subscription.
ALTER TABLE subscriptions ADD COLUMN follows_all INTEGER NOT NULL DEFAULT 1
    CHECK (follows_all IN (0, 1));

-- The chosen sections of subscriptions with follows_all = 0, keyed like the subscription and
-- then the section: "does (chat, topic) follow section S" and "which sections does it follow"
-- are each one primary-key lookup. A removed section's rows stay (its articles are old).
CREATE TABLE followed_sections (
    chat_id    INTEGER NOT NULL,
    thread_id  INTEGER NOT NULL,
    section_id INTEGER NOT NULL REFERENCES sections (id),
    PRIMARY KEY (chat_id, thread_id, section_id)
) WITHOUT ROWID;

-- An alert's filter, fixed when it is planned: NULL, every section; else the followed section
-- ids, ascending, comma-separated ('' : none, so only articles without a section). Rendering
-- reads the alert's range through it and caches by it, and a tracked alert keeps it, so a
-- correction re-renders the alert with the headlines it was sent with.
ALTER TABLE outbox ADD COLUMN sections TEXT;
ALTER TABLE messages ADD COLUMN sections TEXT;

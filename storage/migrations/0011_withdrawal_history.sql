-- Withdrawals and restorations in an article's history (issue 10): /history lists each one, who
-- and when, in order with the revisions. articles.retracted_at / retracted_by keep saying only
-- whether the article is withdrawn now.
--
-- after_revision: the number of the article's latest revision when it happened (1 if it was
-- never corrected), which places it among the revisions without trusting clocks to the second
-- (a withdrawal, a restoration and a correction may share one). Within the same revision the
-- events keep the order of event_id.
CREATE TABLE article_withdrawals (
    event_id        INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    action          TEXT    NOT NULL CHECK (action IN ('withdrawn', 'restored')),
    editor_id       INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    after_revision  INTEGER NOT NULL CHECK (after_revision >= 1)
);
CREATE INDEX article_withdrawals_by_article ON article_withdrawals (article_id, event_id);

-- Articles withdrawn before this migration: their withdrawal, as the articles table knows it.
INSERT INTO article_withdrawals (article_id, action, editor_id, created_at, after_revision)
SELECT id, 'withdrawn', coalesce(retracted_by, author_id), retracted_at,
       coalesce((SELECT max(revision) FROM article_revisions WHERE article_id = articles.id), 1)
FROM articles
WHERE retracted_at IS NOT NULL
ORDER BY retracted_at, id;

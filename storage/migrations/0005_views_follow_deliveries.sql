-- An article's views are its delivery rows, counted by the database itself: every inserted
-- delivery adds one view, and one that is ignored (the same alert recorded twice) adds none.
UPDATE articles SET views = (SELECT count(*) FROM deliveries WHERE article_id = articles.id);
CREATE TRIGGER deliveries_count_views AFTER INSERT ON deliveries
BEGIN
    UPDATE articles SET views = views + 1 WHERE id = NEW.article_id;
END;

-- Lead photos (issue 10): an article and a draft may have one photo, kept as Telegram gave it.
--
-- photo_file_id is what every send reuses (sendPhoto by file_id: no re-upload); photo_unique_id
-- is the same file whatever bot or moment sent it (a repeated post is recognised by it, and a
-- correction can tell whether the photo changed); width, height and size (bytes, NULL when
-- Telegram did not say) are the photo's largest size. All NULL: no photo.
ALTER TABLE articles ADD COLUMN photo_file_id TEXT;
ALTER TABLE articles ADD COLUMN photo_unique_id TEXT;
ALTER TABLE articles ADD COLUMN photo_width INTEGER;
ALTER TABLE articles ADD COLUMN photo_height INTEGER;
ALTER TABLE articles ADD COLUMN photo_size INTEGER;

ALTER TABLE drafts ADD COLUMN photo_file_id TEXT;
ALTER TABLE drafts ADD COLUMN photo_unique_id TEXT;
ALTER TABLE drafts ADD COLUMN photo_width INTEGER;
ALTER TABLE drafts ADD COLUMN photo_height INTEGER;
ALTER TABLE drafts ADD COLUMN photo_size INTEGER;

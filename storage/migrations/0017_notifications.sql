-- Notifications (issue 11): how each subscription (a chat, or one forum topic) is notified.
--
-- 'sound' (the default, and what every existing subscription keeps): digests leave
-- disable_notification out (Telegram's default), breaking news sends it false.
-- 'silent_digests': digests are sent with disable_notification true; breaking news keeps its
-- sound. 'silent': breaking news is silent too. Planning copies the choice into the outbox
-- row's disable_notification (migration 0013) in the same INSERT ... SELECT, so a change takes
-- effect from the next planned alert and an alert already queued keeps what it was planned with.
ALTER TABLE subscriptions ADD COLUMN notifications TEXT NOT NULL DEFAULT 'sound'
    CHECK (notifications IN ('sound', 'silent_digests', 'silent'));

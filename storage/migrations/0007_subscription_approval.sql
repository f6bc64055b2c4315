-- Who asked for a channel or group to get headlines, by name as Telegram showed it then (editors
-- see it in /channels and in approval requests; subscribed_by keeps the numeric id).
--
-- With CHANNELS_NEED_APPROVAL, a chat added by someone who is not an editor waits as an inactive
-- subscription with inactive_reason 'pending' until an editor approves it (then it becomes active
-- from the newest article on) or rejects it. Inactive rows are never planned, so the delivery
-- planner needs no change.
ALTER TABLE subscriptions ADD COLUMN subscribed_by_name TEXT;

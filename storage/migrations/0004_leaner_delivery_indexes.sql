-- Fewer, narrower indexes on the delivery hot path (measured: claim and record per alert).
-- Nothing looks deliveries up by chat; the alert-once index already leads with article_id.
DROP INDEX deliveries_by_chat;
-- Claiming scans due alerts in id order; crash recovery finds claimed ones. Two small partial
-- indexes replace one that mixed both states and made claiming sort.
DROP INDEX outbox_pending;
CREATE INDEX outbox_due ON outbox (id) WHERE state = 'due';
CREATE INDEX outbox_claimed ON outbox (id) WHERE state = 'claimed';

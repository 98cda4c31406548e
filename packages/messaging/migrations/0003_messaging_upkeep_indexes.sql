-- Indexes the pruning of published outbox rows and old inbox ids walks (postgres/messaging-upkeep.ts):
-- each batch reads the oldest rows through an index instead of scanning the table. Only indexes are
-- added: nothing is dropped or rewritten. The published index leaves out unsent rows (they are never
-- pruned, and the relay's `outbox_unpublished` index already covers them).
create index outbox_published_at on outbox (published_at) where published_at is not null;
create index inbox_processed_at on inbox (processed_at);

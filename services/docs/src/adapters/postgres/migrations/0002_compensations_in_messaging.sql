-- The late-attach guard moved to the saga participant kit every participant shares
-- (packages/messaging: table saga_compensations, by saga id and step; applied before this set).
-- Every tombstone docs recorded becomes one there, under the create-expediente saga's step that
-- attaches documents, so an attach compensated before this upgrade stays refused after it.
-- attachment_tombstones is kept, unread, so nothing recorded is lost.
insert into saga_compensations (saga_id, step, recorded_at)
select attachment_id, 'attach-documents', recorded_at from attachment_tombstones
on conflict do nothing;
comment on table attachment_tombstones is 'Superseded by saga_compensations (migration 0002); kept unread so nothing is lost.';

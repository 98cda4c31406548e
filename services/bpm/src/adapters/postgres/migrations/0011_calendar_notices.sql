-- Issue 14, ADR 0016: an organism's administrators are told when next year's calendar of its seat is
-- not ready (a dataset missing or still a draft). Such a notice is about the organism, not about an
-- expediente, so it has no file code. Forward-only: existing notices keep their file code and kind.
alter table notices alter column file_code drop not null;
alter table notices drop constraint notices_kind_check;
alter table notices add constraint notices_kind_check check (kind in ('PLAZO_EXPIRED', 'COMMUNICATED_DATE_MOVED', 'CALENDAR_NOT_READY'));

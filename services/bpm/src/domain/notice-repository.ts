import type { InboxReader } from './task-repository.ts';

/**
 * What people are told (ADR 0016): an expediente's responsible users that a plazo expired or a
 * communicated date moved; an organism's administrators that next year's calendar is not ready.
 */
export interface NoticeRecord {
  noticeId: string;
  organism: string;
  /** The expediente it is about; null for a notice about the organism (its calendar). */
  fileCode: string | null;
  kind: 'PLAZO_EXPIRED' | 'COMMUNICATED_DATE_MOVED' | 'CALENDAR_NOT_READY';
  message: string;
  /** Told by name (the assignees of the expediente's open tasks)… */
  recipientUsers: string[];
  /** …and by role in the organism (the plazo's managers). */
  recipientRoles: string[];
  createdAt: Date;
}

export interface NoticeRepository {
  insert(notice: NoticeRecord): Promise<void>;
  /** Adds the notice unless one with its id exists; true when it was added. */
  insertOnce(notice: NoticeRecord): Promise<boolean>;
  /** The reader's notices (theirs by name or by a role they hold in its organism), newest first, with when they read each. */
  forReader(reader: InboxReader, limit: number): Promise<{ notice: NoticeRecord; readAt: Date | null }[]>;
  /** Marks a notice read by `username`; false when it is not one of theirs (then nothing changes). */
  markRead(noticeId: string, reader: InboxReader, at: Date): Promise<boolean>;
}

import type { InboxReader } from './task-repository.ts';

/** What the responsible users of an expediente are told (ADR 0016): a plazo expired, a communicated date moved. */
export interface NoticeRecord {
  noticeId: string;
  organism: string;
  fileCode: string;
  kind: 'PLAZO_EXPIRED' | 'COMMUNICATED_DATE_MOVED';
  message: string;
  /** Told by name (the assignees of the expediente's open tasks)… */
  recipientUsers: string[];
  /** …and by role in the organism (the plazo's managers). */
  recipientRoles: string[];
  createdAt: Date;
}

export interface NoticeRepository {
  insert(notice: NoticeRecord): Promise<void>;
  /** The reader's notices (theirs by name or by a role they hold in its organism), newest first, with when they read each. */
  forReader(reader: InboxReader, limit: number): Promise<{ notice: NoticeRecord; readAt: Date | null }[]>;
  /** Marks a notice read by `username`; false when it is not one of theirs (then nothing changes). */
  markRead(noticeId: string, reader: InboxReader, at: Date): Promise<boolean>;
}

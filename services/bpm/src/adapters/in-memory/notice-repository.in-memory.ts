import type { NoticeRecord, NoticeRepository } from '../../domain/notice-repository.ts';
import type { InboxReader } from '../../domain/task-repository.ts';

/** Whether a notice is the reader's: by name, or by a role they hold in its organism. */
export function isNoticeFor(notice: NoticeRecord, reader: InboxReader): boolean {
  const roles = reader.organisms.find((entry) => entry.organism === notice.organism)?.roles;
  if (roles === undefined) return false;
  return notice.recipientUsers.includes(reader.username) || notice.recipientRoles.some((role) => roles.includes(role));
}

/** Notices kept in memory (unit tests); the same visibility rule as the SQL query. */
export class InMemoryNoticeRepository implements NoticeRepository {
  readonly #notices = new Map<string, NoticeRecord>();
  readonly #reads = new Map<string, Date>();

  async insert(notice: NoticeRecord): Promise<void> {
    if (this.#notices.has(notice.noticeId)) throw new Error(`Notice ${notice.noticeId} exists`);
    this.#notices.set(notice.noticeId, structuredClone(notice));
  }

  async insertOnce(notice: NoticeRecord): Promise<boolean> {
    if (this.#notices.has(notice.noticeId)) return false;
    this.#notices.set(notice.noticeId, structuredClone(notice));
    return true;
  }

  async forReader(reader: InboxReader, limit: number): Promise<{ notice: NoticeRecord; readAt: Date | null }[]> {
    return [...this.#notices.values()]
      .filter((notice) => isNoticeFor(notice, reader))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.noticeId.localeCompare(b.noticeId))
      .slice(0, limit)
      .map((notice) => ({ notice: structuredClone(notice), readAt: this.#reads.get(`${notice.noticeId}|${reader.username}`) ?? null }));
  }

  async markRead(noticeId: string, reader: InboxReader, at: Date): Promise<boolean> {
    const notice = this.#notices.get(noticeId);
    if (!notice || !isNoticeFor(notice, reader)) return false;
    const key = `${noticeId}|${reader.username}`;
    if (!this.#reads.has(key)) this.#reads.set(key, at);
    return true;
  }
}

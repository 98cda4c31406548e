import { sql } from 'kysely';
import type { NoticeRecord, NoticeRepository } from '../../domain/notice-repository.ts';
import type { InboxReader } from '../../domain/task-repository.ts';
import type { BpmDatabase, BpmDb } from './schema.ts';

type NoticeRow = BpmDatabase['notices'];

/** Notices (migration 0010): a reader sees those addressed to them by name or by a role they hold in the notice's organism. */
export class PostgresNoticeRepository implements NoticeRepository {
  readonly #db: BpmDb;

  constructor(db: BpmDb) {
    this.#db = db;
  }

  async insert(notice: NoticeRecord): Promise<void> {
    await this.#db.insertInto('notices').values(rowOf(notice)).execute();
  }

  async insertOnce(notice: NoticeRecord): Promise<boolean> {
    const added = await this.#db
      .insertInto('notices')
      .values(rowOf(notice))
      .onConflict((oc) => oc.column('notice_id').doNothing())
      .returning('notice_id')
      .executeTakeFirst();
    return added !== undefined;
  }

  async forReader(reader: InboxReader, limit: number): Promise<{ notice: NoticeRecord; readAt: Date | null }[]> {
    if (reader.organisms.length === 0) return [];
    const rows = await this.#visible(reader)
      .leftJoin('notice_reads as r', (join) => join.onRef('r.notice_id', '=', 'notices.notice_id').on('r.username', '=', reader.username))
      .selectAll('notices')
      .select('r.read_at')
      .orderBy('notices.created_at', 'desc')
      .orderBy('notices.notice_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ notice: noticeOf(row), readAt: row.read_at ?? null }));
  }

  async markRead(noticeId: string, reader: InboxReader, at: Date): Promise<boolean> {
    if (reader.organisms.length === 0) return false;
    const visible = await this.#visible(reader).select('notices.notice_id').where('notices.notice_id', '=', noticeId).executeTakeFirst();
    if (!visible) return false;
    await this.#db
      .insertInto('notice_reads')
      .values({ notice_id: noticeId, username: reader.username, read_at: at })
      .onConflict((oc) => oc.columns(['notice_id', 'username']).doNothing())
      .execute();
    return true;
  }

  #visible(reader: InboxReader) {
    return this.#db
      .selectFrom('notices')
      .where((eb) =>
        eb.or(
          reader.organisms.map(({ organism, roles }) =>
            eb.and([
              eb('notices.organism', '=', organism),
              eb.or([
                eb(sql.val(reader.username), '=', eb.fn.any('notices.recipient_users')),
                ...(roles.length > 0 ? [eb('notices.recipient_roles', '&&', sql<string[]>`${sql.val([...roles])}::text[]`)] : []),
              ]),
            ]),
          ),
        ),
      );
  }
}

function rowOf(notice: NoticeRecord): NoticeRow {
  return {
    notice_id: notice.noticeId,
    organism: notice.organism,
    file_code: notice.fileCode,
    kind: notice.kind,
    message: notice.message,
    recipient_users: notice.recipientUsers,
    recipient_roles: notice.recipientRoles,
    created_at: notice.createdAt,
  };
}

function noticeOf(row: NoticeRow): NoticeRecord {
  return {
    noticeId: row.notice_id,
    organism: row.organism,
    fileCode: row.file_code,
    kind: row.kind,
    message: row.message,
    recipientUsers: row.recipient_users,
    recipientRoles: row.recipient_roles,
    createdAt: row.created_at,
  };
}

import type { NoticeListResource } from '@tramita/contracts';
import { notFound } from '@tramita/kernel';
import type { Principal } from '@tramita/platform';
import type { InboxReader } from '../domain/task-repository.ts';
import type { BpmRepositories } from './ports.ts';

const LIMIT = 100;

/** The reader as notices know them: their name and their roles organism by organism. */
const readerOf = (caller: Principal): InboxReader => ({
  username: caller.username,
  organisms: caller.memberships.map(({ organism, roles }) => ({ organism, roles })),
});

/** The caller's latest notices, unread first, and how many are unread. */
export async function listNotices(repositories: Pick<BpmRepositories, 'notices'>, caller: Principal): Promise<NoticeListResource> {
  const rows = await repositories.notices.forReader(readerOf(caller), LIMIT);
  const items = rows
    .map(({ notice, readAt }) => ({
      noticeId: notice.noticeId,
      organism: notice.organism,
      fileCode: notice.fileCode,
      kind: notice.kind,
      message: notice.message,
      createdAt: notice.createdAt.toISOString(),
      readAt: readAt?.toISOString() ?? null,
    }))
    .sort((a, b) => Number(a.readAt !== null) - Number(b.readAt !== null));
  return { items, unread: items.filter((item) => item.readAt === null).length };
}

/** Marks a notice read; one that is not the caller's answers as missing. */
export async function readNotice(repositories: Pick<BpmRepositories, 'notices'>, noticeId: string, caller: Principal, now: Date): Promise<void> {
  if (!(await repositories.notices.markRead(noticeId, readerOf(caller), now)))
    throw notFound('notice-not-found', `There is no notice ${noticeId}.`, { noticeId });
}

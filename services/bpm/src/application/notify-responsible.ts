import type { PlazoState } from '../domain/plazo.ts';
import type { NoticeRecord } from '../domain/notice-repository.ts';
import type { BpmRepositories } from './ports.ts';

/**
 * Tells an expediente's responsible users something about one of its plazos (ADR 0016): the roles
 * the procedure names to manage plazos, and whoever holds one of its open tasks.
 */
export async function notifyResponsible(
  repositories: Pick<BpmRepositories, 'tasks' | 'notices'>,
  plazo: PlazoState,
  notice: { kind: NoticeRecord['kind']; message: string; now: Date },
): Promise<void> {
  const holders = (await repositories.tasks.ofProcess(plazo.processId))
    .filter((task) => task.state === 'open' && task.assignee !== null)
    .map((task) => task.assignee!);
  await repositories.notices.insert({
    noticeId: `${plazo.plazoId}.${notice.kind}.${plazo.version}`,
    organism: plazo.organism,
    fileCode: plazo.fileCode,
    kind: notice.kind,
    message: notice.message,
    recipientUsers: [...new Set(holders)],
    recipientRoles: plazo.managers,
    createdAt: notice.now,
  });
}

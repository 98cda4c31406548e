import { sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '@tramita/kernel';
import { Task, type TaskState } from '../../domain/task.ts';
import type { InboxFilter, InboxReader, TaskRepository } from '../../domain/task-repository.ts';
import type { BpmDatabase, BpmDb } from './schema.ts';

type TaskRow = BpmDatabase['tasks'];

/** Work items in the tasks table (migration 0009). */
export class PostgresTaskRepository implements TaskRepository {
  readonly #db: BpmDb;

  constructor(db: BpmDb) {
    this.#db = db;
  }

  async find(taskId: string): Promise<Task | null> {
    const row = await this.#db.selectFrom('tasks').selectAll().where('task_id', '=', taskId).executeTakeFirst();
    return row ? Task.restore(stateOf(row)) : null;
  }

  async lock(taskId: string): Promise<Task | null> {
    const row = await this.#db.selectFrom('tasks').selectAll().where('task_id', '=', taskId).forUpdate().executeTakeFirst();
    return row ? Task.restore(stateOf(row)) : null;
  }

  async insert(task: TaskState): Promise<void> {
    await this.#db.insertInto('tasks').values(rowOf(task)).execute();
  }

  async update(task: Task, loadedVersion: number): Promise<boolean> {
    const { task_id: taskId, ...changes } = rowOf(task.state());
    const result = await this.#db.updateTable('tasks').set(changes).where('task_id', '=', taskId).where('version', '=', loadedVersion).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async inbox(reader: InboxReader, filter: InboxFilter): Promise<{ items: TaskState[]; total: number }> {
    if (reader.organisms.length === 0) return { items: [], total: 0 };
    let query = this.#db
      .selectFrom('tasks')
      .where('state', '=', 'open')
      .where((eb) =>
        eb.or(
          reader.organisms.map(({ organism, roles }) => {
            const mine = eb('assignee', '=', reader.username);
            const candidate = eb.or([
              eb(sql.val(reader.username), '=', eb.fn.any('candidate_users')),
              ...(roles.length > 0 ? [eb('candidate_groups', '&&', sql<string[]>`${sql.val([...roles])}::text[]`)] : []),
            ]);
            const claimable = eb.and([eb('assignee', 'is', null), candidate]);
            const scope: Expression<SqlBool> = filter.scope === 'mine' ? mine : filter.scope === 'claimable' ? claimable : eb.or([mine, claimable]);
            return eb.and([eb('organism', '=', organism), scope]);
          }),
        ),
      );
    if (filter.procedureCode !== undefined) query = query.where('procedure_code', '=', filter.procedureCode);
    if (filter.fileCode !== undefined) query = query.where('file_code', '=', filter.fileCode);
    const total = await query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    let page = query.selectAll();
    switch (filter.sort ?? 'due') {
      case 'due':
        page = page.orderBy(sql`due_at asc nulls last`).orderBy('created_at');
        break;
      case '-due':
        page = page.orderBy(sql`due_at desc nulls last`).orderBy('created_at');
        break;
      case 'priority':
        page = page.orderBy(sql`priority desc nulls last`).orderBy(sql`due_at asc nulls last`);
        break;
      case 'created':
        page = page.orderBy('created_at');
        break;
    }
    const rows = await page.orderBy('task_id').limit(filter.limit).offset(filter.offset).execute();
    return { items: rows.map(stateOf), total: Number(total.count) };
  }

  async ofProcess(processId: string): Promise<TaskState[]> {
    const rows = await this.#db.selectFrom('tasks').selectAll().where('process_id', '=', processId).orderBy('created_at').orderBy('task_id').execute();
    return rows.map(stateOf);
  }
}

function rowOf(task: TaskState): TaskRow {
  return {
    task_id: task.taskId,
    instance_id: task.instanceId,
    process_id: task.processId,
    organism: task.organism,
    file_code: task.fileCode,
    procedure_code: task.procedureCode,
    node_id: task.nodeId,
    name: task.name,
    assignee: task.assignee,
    candidate_users: task.candidateUsers,
    candidate_groups: task.candidateGroups,
    due_at: task.dueAt,
    priority: task.priority,
    form_key: task.formKey,
    state: task.state,
    created_at: task.createdAt,
    ended_at: task.endedAt,
    ended_by: task.endedBy === null ? null : JSON.stringify(task.endedBy),
    version: task.version,
  };
}

function stateOf(row: TaskRow): TaskState {
  return {
    taskId: row.task_id,
    instanceId: row.instance_id,
    processId: row.process_id,
    organism: row.organism,
    fileCode: row.file_code,
    procedureCode: row.procedure_code,
    nodeId: row.node_id,
    name: row.name,
    assignee: row.assignee,
    candidateUsers: row.candidate_users,
    candidateGroups: row.candidate_groups,
    dueAt: row.due_at,
    priority: row.priority === null ? null : Number(row.priority),
    formKey: row.form_key,
    state: row.state,
    createdAt: row.created_at,
    endedAt: row.ended_at,
    endedBy: (row.ended_by as Actor | null) ?? null,
    version: Number(row.version),
  };
}

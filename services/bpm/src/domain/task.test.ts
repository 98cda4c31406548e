import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { Task, type TaskState } from './task.ts';

const now = new Date('2026-12-04T10:00:00Z');
const open = (changes: Partial<TaskState> = {}): Task =>
  Task.restore({
    taskId: 'p-1.task-1',
    instanceId: 'p-1',
    processId: 'p-1',
    organism: 'L01280796',
    fileCode: 'EXP-1',
    procedureCode: 'LICENCIA',
    nodeId: 'REVISION',
    name: 'Revisión',
    assignee: null,
    candidateUsers: ['ana'],
    candidateGroups: ['tecnico'],
    dueAt: null,
    priority: null,
    formKey: null,
    state: 'open',
    createdAt: now,
    endedAt: null,
    endedBy: null,
    version: 1,
    ...changes,
  });
const tecnico = { username: 'tomas', roles: ['tecnico'] };
const ana = { username: 'ana', roles: ['consulta'] };
const otro = { username: 'olga', roles: ['tramitador'] };
const admin = { username: 'adela', roles: ['admin'] };

function code(action: () => void): string {
  try {
    action();
  } catch (error) {
    return error instanceof DomainError ? `${error.category}:${error.code}` : String(error);
  }
  return 'ok';
}

describe('a work item', () => {
  it('is in the inbox of its candidate users and groups while unassigned, then only of its assignee', () => {
    const task = open();
    expect([tecnico, ana, otro].map((worker) => task.isInInboxOf(worker))).toEqual([true, true, false]);
    task.claim(tecnico);
    expect([tecnico, ana, otro].map((worker) => task.isInInboxOf(worker))).toEqual([true, false, false]);
    expect(task.version).toBe(2);
  });

  it('is claimed once: a second claimant is refused, someone outside its candidates too', () => {
    const task = open();
    expect(code(() => task.claim(otro))).toBe('forbidden:task-not-yours');
    task.claim(ana);
    expect(code(() => task.claim(tecnico))).toBe('conflict:task-claimed');
    expect(code(() => task.claim(ana))).toBe('ok');
    expect(task.state().assignee).toBe('ana');
  });

  it('is given back or handed over by its assignee or an administrator only', () => {
    const task = open({ assignee: 'ana' });
    expect(code(() => task.unclaim(tecnico))).toBe('forbidden:task-not-assigned-to-you');
    expect(code(() => task.delegate(tecnico, 'tomas'))).toBe('forbidden:task-not-assigned-to-you');
    task.delegate(ana, 'tomas');
    expect(task.state().assignee).toBe('tomas');
    task.unclaim(admin);
    expect(task.state().assignee).toBeNull();
  });

  it('is completed by its assignee or an unassigned candidate, and only while open', () => {
    expect(code(() => open().assertCompletableBy(tecnico))).toBe('ok');
    expect(code(() => open().assertCompletableBy(otro))).toBe('forbidden:task-not-yours');
    expect(code(() => open({ assignee: 'ana' }).assertCompletableBy(tecnico))).toBe('conflict:task-claimed');
    const task = open();
    task.end('completed', { username: 'tomas', displayName: 'Tomás' }, now);
    expect(task.state()).toMatchObject({ state: 'completed', assignee: 'tomas', endedAt: now });
    expect(code(() => task.assertCompletableBy(tecnico))).toBe('conflict:task-ended');
    expect(code(() => task.claim(tecnico))).toBe('conflict:task-ended');
  });
});

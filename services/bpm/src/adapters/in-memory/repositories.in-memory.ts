import type { BpmRepositories } from '../../application/ports.ts';
import { InMemoryCalendarRepository } from './calendar-repository.in-memory.ts';
import { InMemoryInstanceRepository } from './instance-repository.in-memory.ts';
import { InMemoryNoticeRepository } from './notice-repository.in-memory.ts';
import { InMemoryPlazoRepository } from './plazo-repository.in-memory.ts';
import { InMemoryProcedureRepository } from './procedure-repository.in-memory.ts';
import { InMemoryProcessRepository } from './process-repository.in-memory.ts';
import { InMemoryTaskRepository } from './task-repository.in-memory.ts';

/** Every bpm repository in memory (unit tests), each replaceable. */
export function inMemoryRepositories(overrides: Partial<BpmRepositories> = {}): BpmRepositories {
  const processes = new InMemoryProcessRepository();
  return {
    processes,
    procedures: new InMemoryProcedureRepository(),
    tasks: new InMemoryTaskRepository(),
    instances: new InMemoryInstanceRepository(),
    calendars: new InMemoryCalendarRepository(),
    plazos: new InMemoryPlazoRepository(() => processes.unfinished()),
    notices: new InMemoryNoticeRepository(),
    ...overrides,
  };
}

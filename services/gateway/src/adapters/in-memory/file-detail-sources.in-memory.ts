import type { Fetched, FileDetailSources } from '../../application/file-detail-sources.ts';

type Part = 'record' | 'process' | 'documents' | 'users';

/** How one part behaves: an answer (or failure), optionally after a delay, or never. */
export interface PartBehaviour {
  answer?: Fetched;
  /** Milliseconds before answering (timers, so fake clocks drive it). */
  delayMs?: number;
  /** Never answers; only the abort signal ends the wait. */
  hang?: boolean;
}

/** A working in-memory stand-in for the four services, with a log of calls for ordering checks. */
export class InMemoryFileDetailSources implements FileDetailSources {
  readonly log: string[] = [];
  readonly aborted = new Set<Part>();
  readonly lookedUp: string[][] = [];
  private readonly behaviours: Partial<Record<Part, PartBehaviour>>;

  constructor(behaviours: Partial<Record<Part, PartBehaviour>>) {
    this.behaviours = behaviours;
  }

  record(_code: string, _token: string, signal: AbortSignal) {
    return this.answer('record', signal);
  }
  process(_code: string, _token: string, signal: AbortSignal) {
    return this.answer('process', signal);
  }
  documents(_code: string, _token: string, signal: AbortSignal) {
    return this.answer('documents', signal);
  }
  users(usernames: string[], _token: string, signal: AbortSignal) {
    this.lookedUp.push(usernames);
    return this.answer('users', signal);
  }

  private answer(part: Part, signal: AbortSignal): Promise<Fetched> {
    const behaviour = this.behaviours[part] ?? {};
    const answer = behaviour.answer ?? { ok: false, status: 404, code: 'not-found', detail: `No ${part}.` };
    this.log.push(`start ${part}`);
    return new Promise((resolve, reject) => {
      const finish = () => {
        this.log.push(`end ${part}`);
        resolve(answer);
      };
      const timer = behaviour.hang ? undefined : setTimeout(finish, behaviour.delayMs ?? 0);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        this.aborted.add(part);
        reject(new Error(`${part} aborted`));
      });
    });
  }
}

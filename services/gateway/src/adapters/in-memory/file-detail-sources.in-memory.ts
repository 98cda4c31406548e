import type { DocumentListResource, FileRecordResource, ProcessResource, UserLookupResource } from '@tramita/contracts';
import type { Fetched, FileDetailSources } from '../../application/file-detail-sources.ts';

/** What each part answers, in its owner's contract shape. */
export interface PartAnswers {
  record: FileRecordResource;
  process: ProcessResource;
  documents: DocumentListResource;
  users: UserLookupResource;
}
type Part = keyof PartAnswers;

/** How one part behaves: an answer (or failure), optionally after a delay, or never. */
export interface PartBehaviour<T> {
  answer?: Fetched<T>;
  /** Milliseconds before answering (timers, so fake clocks drive it). */
  delayMs?: number;
  /** Never answers; only the abort signal ends the wait. */
  hang?: boolean;
}

export type PartBehaviours = { [P in Part]?: PartBehaviour<PartAnswers[P]> };

/** A working in-memory stand-in for the four services, with a log of calls for ordering checks. */
export class InMemoryFileDetailSources implements FileDetailSources {
  readonly log: string[] = [];
  readonly aborted = new Set<Part>();
  readonly lookedUp: string[][] = [];
  private readonly behaviours: PartBehaviours;

  constructor(behaviours: PartBehaviours) {
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

  private answer<P extends Part>(part: P, signal: AbortSignal): Promise<Fetched<PartAnswers[P]>> {
    const behaviour: PartBehaviour<PartAnswers[P]> = this.behaviours[part] ?? {};
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

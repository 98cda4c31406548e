import { codeNameSchema, type CodeName } from '@tramita/contracts';
import { displayName } from '@tramita/kernel';
import type { Fetched, FileDetailSources } from './file-detail-sources.ts';

/** A person as the detail view shows them. */
export interface ActorView {
  username: string;
  /** "Apellidos, Nombre" */
  displayName: string;
}

export interface ProcessView {
  procedure: unknown;
  phase: unknown;
  finished: boolean | null;
  startedAt: string | null;
  version: number | null;
  /** Phase history as bpm returns it, with `enteredBy`/`finishedBy` turned into actors. */
  history: HistoryEntryView[];
}

/** A phase history entry: bpm's fields as they come, with its two actors resolved. */
export type HistoryEntryView = Record<string, unknown> & { enteredBy: ActorView | null; finishedBy: ActorView | null };

export interface DocumentView {
  id: string;
  name: string | null;
  mediaType: string | null;
  size: number | null;
  sha256: string | null;
  createdAt: string | null;
  createdBy: ActorView | null;
  updatedAt: string | null;
  updatedBy: ActorView | null;
  contentUrl: string;
}

export interface DetailWarning {
  part: 'process' | 'documents' | 'users';
  code: string;
  detail: string;
}

export interface FileDetail {
  code: string;
  processId: string | null;
  initialOption: unknown;
  description: string | null;
  status: string | null;
  finished: boolean | null;
  /** The phase files last heard of from bpm, `{ code, name }`. */
  currentPhase: CodeName | null;
  createdAt: string | null;
  createdBy: ActorView | null;
  updatedAt: string | null;
  updatedBy: ActorView | null;
  version: number | null;
  process: ProcessView | null;
  documents: DocumentView[] | null;
  warnings: DetailWarning[];
}

export type ComposeOutcome = { ok: true; detail: FileDetail } | { ok: false; status: number; code: string; detail: string };

export interface ComposeOptions {
  /** Longest wait for each call; a slower part is left out with a warning. */
  timeoutMs: number;
}

/**
 * The expediente detail: the files record, the bpm process and the docs list fetched in
 * parallel, then display names for every user mentioned. Only the record is essential; a
 * missing process, document list or name lookup degrades the view with a warning.
 */
export async function composeFileDetail(
  sources: FileDetailSources,
  code: string,
  token: string,
  options: ComposeOptions,
): Promise<ComposeOutcome> {
  const siblings = new AbortController();
  const recordCall = withTimeout((signal) => sources.record(code, token, signal), options.timeoutMs, siblings.signal);
  const processCall = withTimeout((signal) => sources.process(code, token, signal), options.timeoutMs, siblings.signal);
  const documentsCall = withTimeout((signal) => sources.documents(code, token, signal), options.timeoutMs, siblings.signal);

  const record = await recordCall;
  if (!record.ok) {
    siblings.abort(); // nothing to show: stop waiting for the other parts
    await Promise.all([processCall, documentsCall]);
    return recordFailure(code, record);
  }
  const [processResult, documentsResult] = await Promise.all([processCall, documentsCall]);
  const warnings: DetailWarning[] = [];
  const recordBody = asObject(record.value);

  const process = processResult.ok ? asObject(processResult.value) : null;
  if (!processResult.ok) warnings.push(warning('process', processResult));
  const documentItems = documentsResult.ok ? listOf(documentsResult.value, ['items', 'documents']) : null;
  if (!documentsResult.ok) warnings.push(warning('documents', documentsResult));

  const mentioned = new Map<string, string | undefined>(); // username → name carried by the source
  const collect = (value: unknown) => {
    const actor = actorOf(value);
    if (actor && (!mentioned.has(actor.username) || mentioned.get(actor.username) === undefined)) mentioned.set(actor.username, actor.name);
  };
  collect(recordBody.createdBy);
  collect(recordBody.updatedBy);
  const history = process ? listOf(process.history, []).map(asObject) : [];
  for (const entry of history) {
    collect(entry.enteredBy);
    collect(entry.finishedBy);
  }
  for (const item of documentItems ?? []) {
    const document = asObject(item);
    collect(document.createdBy);
    collect(document.updatedBy);
  }

  const names = new Map<string, string>();
  if (mentioned.size > 0) {
    const lookup = await withTimeout((signal) => sources.users([...mentioned.keys()].sort(), token, signal), options.timeoutMs);
    if (lookup.ok) {
      for (const user of listOf(lookup.value, ['users', 'items'])) {
        const found = asObject(user);
        const username = str(found.username);
        if (!username) continue;
        const given = str(found.givenName);
        const family = str(found.familyName);
        names.set(username, given || family ? displayName(given, family, username) : (str(found.displayName) ?? username));
      }
    } else {
      warnings.push(warning('users', lookup));
    }
  }
  const actor = (value: unknown): ActorView | null => {
    const carried = actorOf(value);
    if (!carried) return null;
    return { username: carried.username, displayName: names.get(carried.username) ?? carried.name ?? carried.username };
  };

  return {
    ok: true,
    detail: {
      code: str(recordBody.code) ?? code,
      processId: str(recordBody.processId) ?? null,
      initialOption: recordBody.initialOption ?? null,
      description: str(recordBody.description) ?? null,
      status: str(recordBody.status) ?? null,
      finished: bool(recordBody.finished),
      currentPhase: codeNameOf(recordBody.currentPhase),
      createdAt: str(recordBody.createdAt) ?? null,
      createdBy: actor(recordBody.createdBy),
      updatedAt: str(recordBody.updatedAt) ?? null,
      updatedBy: actor(recordBody.updatedBy),
      version: num(recordBody.version),
      process: process
        ? {
            procedure: process.procedure ?? null,
            phase: process.phase ?? null,
            finished: bool(process.finished),
            startedAt: str(process.startedAt) ?? null,
            version: num(process.version),
            history: history.map((entry) => ({ ...entry, enteredBy: actor(entry.enteredBy), finishedBy: actor(entry.finishedBy) })),
          }
        : null,
      documents: documentItems
        ? documentItems.map(asObject).flatMap((document) => {
            const id = str(document.id);
            if (!id) return [];
            return [
              {
                id,
                name: str(document.name) ?? null,
                mediaType: str(document.mediaType) ?? null,
                size: num(document.size),
                sha256: str(document.sha256) ?? null,
                createdAt: str(document.createdAt) ?? null,
                createdBy: actor(document.createdBy),
                updatedAt: str(document.updatedAt) ?? null,
                updatedBy: actor(document.updatedBy),
                contentUrl: `/api/docs/${encodeURIComponent(id)}/content`,
              },
            ];
          })
        : null,
      warnings,
    },
  };
}

/** Runs `call` with its own abort signal, answering `upstream-timeout` when it takes too long. */
async function withTimeout(call: (signal: AbortSignal) => Promise<Fetched>, timeoutMs: number, parent?: AbortSignal): Promise<Fetched> {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort();
  parent?.addEventListener('abort', onParentAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<Fetched>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, status: null, code: 'upstream-timeout', detail: `No answer within ${timeoutMs} ms.` });
    }, timeoutMs);
  });
  const answered = call(controller.signal).catch(
    (error: unknown): Fetched => ({
      ok: false,
      status: null,
      code: controller.signal.aborted ? 'upstream-timeout' : 'upstream-unavailable',
      detail: error instanceof Error ? error.message : 'The service could not be reached.',
    }),
  );
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}

function recordFailure(code: string, failure: Extract<Fetched, { ok: false }>): ComposeOutcome {
  if (failure.status === 404) return { ok: false, status: 404, code: 'file-not-found', detail: `There is no expediente ${code}.` };
  // Any other refusal of the client's request (a malformed code, a bad token…) is the client's to see.
  if (failure.status !== null && failure.status >= 400 && failure.status < 500) return { ok: false, status: failure.status, code: failure.code, detail: failure.detail };
  return {
    ok: false,
    status: 502,
    code: failure.code === 'upstream-timeout' ? 'upstream-timeout' : 'upstream-unavailable',
    detail: `The files service did not return the expediente: ${failure.detail}`,
  };
}

function warning(part: DetailWarning['part'], failure: Extract<Fetched, { ok: false }>): DetailWarning {
  const service = { process: 'bpm', documents: 'docs', users: 'auth' }[part];
  const status = failure.status === null ? '' : ` (HTTP ${failure.status})`;
  return { part, code: failure.code, detail: `The ${service} service did not answer${status}: ${failure.detail}` };
}

/** A user reference as another service carries it: a user name, or `{ username, displayName }`. */
function actorOf(value: unknown): { username: string; name: string | undefined } | null {
  if (typeof value === 'string' && value !== '') return { username: value, name: undefined };
  const object = asObject(value);
  const username = str(object.username);
  if (!username) return null;
  return { username, name: str(object.displayName) ?? str(object.name) };
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** An array body, or the array under one of `keys` of an object body. */
function listOf(value: unknown, keys: string[]): unknown[] {
  if (Array.isArray(value)) return value;
  const object = asObject(value);
  for (const key of keys) if (Array.isArray(object[key])) return object[key] as unknown[];
  return [];
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const bool = (value: unknown): boolean | null => (typeof value === 'boolean' ? value : null);

/** A `{ code, name }` as the contracts define it, or null for anything else. */
function codeNameOf(value: unknown): CodeName | null {
  const parsed = codeNameSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

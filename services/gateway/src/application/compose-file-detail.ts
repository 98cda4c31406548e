import type { Actor, DetailActor, DetailDocument, DetailWarning, DocumentResource, FileDetailResource, PhaseStep, ProcessResource } from '@tramita/contracts';
import type { FetchFailure, FileDetailSources } from './file-detail-sources.ts';
import { withTimeout } from './with-timeout.ts';

export type { DetailWarning };

export type ComposeOutcome = { ok: true; detail: FileDetailResource } | { ok: false; status: number; code: string; detail: string };

export interface ComposeOptions {
  /** Longest wait for each call; a slower part is left out with a warning. */
  timeoutMs: number;
}

/**
 * The expediente detail: the files record, the bpm process and the docs list fetched in
 * parallel, then display names for every user mentioned. Only the record is essential; a
 * missing process, document list or name lookup degrades the view with a warning. Every answer
 * is in its owner's contract shape (the sources check it), so nothing here guesses.
 */
export async function composeFileDetail(sources: FileDetailSources, code: string, token: string, options: ComposeOptions): Promise<ComposeOutcome> {
  const siblings = new AbortController();
  const recordCall = withTimeout((signal) => sources.record(code, token, signal), options.timeoutMs, siblings.signal);
  const processCall = withTimeout((signal) => sources.process(code, token, signal), options.timeoutMs, siblings.signal);
  const documentsCall = withTimeout((signal) => sources.documents(code, token, signal), options.timeoutMs, siblings.signal);

  const recordResult = await recordCall;
  if (!recordResult.ok) {
    siblings.abort(); // nothing to show: stop waiting for the other parts
    await Promise.all([processCall, documentsCall]);
    return recordFailure(code, recordResult);
  }
  const record = recordResult.value;
  const [processResult, documentsResult] = await Promise.all([processCall, documentsCall]);
  const warnings: DetailWarning[] = [];
  const process = processResult.ok ? processResult.value : null;
  if (!processResult.ok) warnings.push(warning('process', processResult));
  const documents = documentsResult.ok ? documentsResult.value.items : null;
  if (!documentsResult.ok) warnings.push(warning('documents', documentsResult));

  const mentioned = new Set<string>([record.createdBy.username, record.updatedBy.username]);
  for (const step of process?.history ?? []) {
    mentioned.add(step.enteredBy.username);
    if (step.finishedBy) mentioned.add(step.finishedBy.username);
  }
  for (const document of documents ?? []) {
    mentioned.add(document.createdBy.username);
    mentioned.add(document.updatedBy.username);
  }

  const names = new Map<string, string>();
  const lookup = await withTimeout((signal) => sources.users([...mentioned].sort(), token, signal), options.timeoutMs);
  if (lookup.ok) {
    for (const user of lookup.value.users) names.set(user.username, user.displayName);
  } else {
    warnings.push(warning('users', lookup));
  }
  /** The name auth gives now; the one the source carried when auth did not answer. */
  const named = (actor: Actor): DetailActor => ({ username: actor.username, displayName: names.get(actor.username) ?? actor.displayName });

  return {
    ok: true,
    detail: {
      code: record.code,
      organism: record.organism,
      processId: record.processId,
      initialOption: record.initialOption,
      description: record.description,
      status: record.status,
      finished: record.finished,
      currentPhase: record.currentPhase,
      createdAt: record.createdAt,
      createdBy: named(record.createdBy),
      updatedAt: record.updatedAt,
      updatedBy: named(record.updatedBy),
      version: record.version,
      process: process ? processPart(process, named) : null,
      documents: documents ? documents.map((document) => documentPart(document, named)) : null,
      warnings,
    },
  };
}

function processPart(process: ProcessResource, named: (actor: Actor) => DetailActor) {
  const entry = (step: PhaseStep) => ({
    phase: step.phase,
    enteredAt: step.enteredAt,
    enteredBy: named(step.enteredBy),
    finishedAt: step.finishedAt,
    finishedBy: step.finishedBy ? named(step.finishedBy) : null,
  });
  return {
    procedure: process.procedure,
    phase: process.phase,
    finished: process.finished,
    startedAt: process.startedAt,
    version: process.version,
    history: process.history.map(entry),
  };
}

function documentPart(document: DocumentResource, named: (actor: Actor) => DetailActor): DetailDocument {
  return {
    id: document.id,
    name: document.name,
    mediaType: document.mediaType,
    size: document.size,
    sha256: document.sha256,
    createdAt: document.createdAt,
    createdBy: named(document.createdBy),
    updatedAt: document.updatedAt,
    updatedBy: named(document.updatedBy),
    contentUrl: `/api/docs/${encodeURIComponent(document.id)}/content`,
  };
}

function recordFailure(code: string, failure: FetchFailure): ComposeOutcome {
  if (failure.status === 404) return { ok: false, status: 404, code: 'file-not-found', detail: `There is no expediente ${code}.` };
  // Any other refusal of the client's request (a malformed code, a bad token…) is the client's to see.
  if (failure.status !== null && failure.status >= 400 && failure.status < 500)
    return { ok: false, status: failure.status, code: failure.code, detail: failure.detail };
  return {
    ok: false,
    status: 502,
    code: failure.code === 'upstream-timeout' || failure.code === 'upstream-contract-violation' ? failure.code : 'upstream-unavailable',
    detail: `The files service did not return the expediente: ${failure.detail}`,
  };
}

function warning(part: DetailWarning['part'], failure: FetchFailure): DetailWarning {
  const service = { process: 'bpm', documents: 'docs', users: 'auth' }[part];
  const status = failure.status === null ? '' : ` (HTTP ${failure.status})`;
  return { part, code: failure.code, detail: `The ${service} service did not answer${status}: ${failure.detail}` };
}

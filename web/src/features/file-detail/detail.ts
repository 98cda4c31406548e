import type { CodeName } from '../api/catalogues.ts';

export interface ActorView {
  username: string;
  displayName: string;
}

export interface HistoryEntry {
  phase: CodeName;
  enteredAt: string;
  enteredBy: ActorView | null;
  finishedAt: string | null;
  finishedBy: ActorView | null;
}

export interface DocumentView {
  id: string;
  name: string | null;
  mediaType: string | null;
  size: number | null;
  createdAt: string | null;
  createdBy: ActorView | null;
  updatedAt: string | null;
  updatedBy: ActorView | null;
  contentUrl: string;
}

export interface FileDetail {
  code: string;
  initialOption: CodeName | null;
  description: string | null;
  status: string | null;
  finished: boolean | null;
  createdAt: string | null;
  createdBy: ActorView | null;
  updatedAt: string | null;
  updatedBy: ActorView | null;
  version: number | null;
  process: { phase: CodeName | null; finished: boolean | null; version: number | null; history: HistoryEntry[] } | null;
  documents: DocumentView[] | null;
  warnings: { part: 'process' | 'documents' | 'users'; code: string; detail: string }[];
}

export interface TransitionsView {
  phase: CodeName;
  version: number;
  transitions: { to: CodeName; allowed: boolean; role: string }[];
}

/** Finished when files says so, or bpm already closed the process (files follows a moment later). */
export function isFinished(detail: FileDetail): boolean {
  return detail.finished === true || detail.process?.finished === true || detail.status === 'finished';
}

export function currentPhase(detail: FileDetail): CodeName | null {
  return detail.process?.phase ?? detail.process?.history.at(-1)?.phase ?? null;
}

/** The phases this user may move to now; the rest are explained, not offered. */
export function allowedTransitions(view: TransitionsView | undefined): CodeName[] {
  return view ? view.transitions.filter((t) => t.allowed).map((t) => t.to) : [];
}

/** Roles that would open the transitions this user may not take (to say who can). */
export function missingRoles(view: TransitionsView | undefined): string[] {
  return view ? [...new Set(view.transitions.filter((t) => !t.allowed).map((t) => t.role))] : [];
}

/** Saves a blob under a file name (an anchor with `download` on an object URL). */
export function saveBlob(blob: Blob, name: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const anchor = doc.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.rel = 'noopener';
  doc.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import type { CodeName, DetailDocument, FileDetailResource, TransitionsResource } from '@tramita/contracts';

/** The detail the gateway composes, as its contract defines it (packages/contracts/src/gateway.ts). */
export type FileDetail = FileDetailResource;
export type DocumentView = DetailDocument;
/** bpm's transitions resource, as its contract defines it. */
export type TransitionsView = TransitionsResource;

/** Finished when files says so, or bpm already closed the process (files follows a moment later). */
export function isFinished(detail: FileDetail): boolean {
  return detail.finished === true || detail.process?.finished === true || detail.status === 'finished';
}

export function currentPhase(detail: FileDetail): FileDetailResource['currentPhase'] {
  // bpm's phase when it answered; else the one files last heard of from bpm.
  return detail.process?.phase ?? detail.currentPhase;
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

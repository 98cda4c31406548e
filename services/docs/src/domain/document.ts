import { DomainError, conflict, forbidden, type Actor } from '@tramita/kernel';

/** What the docs service knows about one uploaded binary; the bytes live in the blob store. */
export interface DocumentSnapshot {
  /** UUIDv7; also the blob key. */
  id: string;
  /** Sanitised original file name. */
  name: string;
  /** Detected from the content, never taken from the client. */
  mediaType: string;
  /** Bytes. */
  size: number;
  /** Lower-case hex SHA-256 of the content. */
  sha256: string;
  /** Expediente the document belongs to; null until attached. */
  fileCode: string | null;
  /** Saga (or other request) that attached it, so a compensation undoes only its own work. */
  attachmentId: string | null;
  /**
   * The organism (DIR3) of the expediente it is attached to; while unattached, the uploader's when
   * they upload for one organism only; null otherwise (ADR 0013).
   */
  organism: string | null;
  createdAt: Date;
  createdBy: Actor;
  updatedAt: Date;
  updatedBy: Actor;
}

/** An uploaded document; it starts unattached and is attached to one expediente at most. */
export class Document {
  #state: DocumentSnapshot;

  private constructor(state: DocumentSnapshot) {
    this.#state = { ...state };
  }

  static upload(input: {
    id: string;
    name: string;
    mediaType: string;
    size: number;
    sha256: string;
    uploadedBy: Actor;
    at: Date;
    /** The uploader's organism while unattached (ADR 0013): only its members read it; null when unknown. */
    organism?: string | null;
  }): Document {
    if (input.size <= 0) throw new DomainError('file-empty', 'validation', 'The file is empty.');
    return new Document({
      id: input.id,
      name: input.name,
      mediaType: input.mediaType,
      size: input.size,
      sha256: input.sha256,
      fileCode: null,
      attachmentId: null,
      organism: input.organism ?? null,
      createdAt: input.at,
      createdBy: input.uploadedBy,
      updatedAt: input.at,
      updatedBy: input.uploadedBy,
    });
  }

  static restore(snapshot: DocumentSnapshot): Document {
    return new Document(snapshot);
  }

  get id(): string {
    return this.#state.id;
  }

  get organism(): string | null {
    return this.#state.organism;
  }

  get fileCode(): string | null {
    return this.#state.fileCode;
  }

  get createdBy(): Actor {
    return this.#state.createdBy;
  }

  get createdAt(): Date {
    return this.#state.createdAt;
  }

  snapshot(): DocumentSnapshot {
    return { ...this.#state };
  }

  /** Why `actor` may not attach this document to `fileCode`, or null when it may. */
  attachProblem(fileCode: string, actor: Actor): string | null {
    if (this.#state.createdBy.username !== actor.username) {
      return `Document ${this.id} was uploaded by another user.`;
    }
    if (this.#state.fileCode !== null && this.#state.fileCode !== fileCode) {
      return `Document ${this.id} is already attached to expediente ${this.#state.fileCode}.`;
    }
    return null;
  }

  /**
   * Attaches to `fileCode`; attaching again to the same expediente changes nothing (idempotent).
   * Returns whether anything changed.
   */
  attachTo(fileCode: string, actor: Actor, at: Date, attachmentId: string | null, organism: string): boolean {
    const problem = this.attachProblem(fileCode, actor);
    if (problem) throw conflict('document-not-attachable', problem);
    if (this.#state.fileCode === fileCode) return false;
    this.#state = { ...this.#state, fileCode, attachmentId, organism, updatedAt: at, updatedBy: actor };
    return true;
  }

  /**
   * Detaches from `fileCode` when it is attached there, and (given an attachment id) only when
   * that attachment made it. Returns whether anything changed; "never attached" is fine.
   */
  detachFrom(fileCode: string, attachmentId: string | null, actor: Actor, at: Date): boolean {
    if (this.#state.fileCode !== fileCode) return false;
    if (attachmentId !== null && this.#state.attachmentId !== null && this.#state.attachmentId !== attachmentId) return false;
    this.#state = { ...this.#state, fileCode: null, attachmentId: null, organism: null, updatedAt: at, updatedBy: actor };
    return true;
  }

  /** Only an unattached document may be deleted, and only by whoever uploaded it or an admin. */
  ensureDeletableBy(actor: Actor, isAdmin: boolean): void {
    if (!isAdmin && actor.username !== this.#state.createdBy.username) {
      throw forbidden('document-not-owned', 'Only the user who uploaded a document, or an administrator, may delete it.');
    }
    if (this.#state.fileCode !== null) {
      throw conflict('document-attached', `The document is attached to expediente ${this.#state.fileCode} and cannot be deleted.`, {
        fileCode: this.#state.fileCode,
      });
    }
  }
}

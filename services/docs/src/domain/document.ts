import { DomainError, conflict, forbidden, validationError, type Actor } from '@tramita/kernel';

/** NTI "Origen". */
export type DocumentOrigin = 'ciudadano' | 'administracion';

/** The ENI metadata a case worker states (NTI Documento electrónico, anexo I; ADR 0017). */
export interface DocumentEniMetadata {
  origen: DocumentOrigin;
  /** EE01 original, EE02/EE03/EE04 authentic copies, EE99 others. */
  estadoElaboracion: 'EE01' | 'EE02' | 'EE03' | 'EE04' | 'EE99';
  /** The ENI identifier of the source document: required for EE02 and EE04, absent otherwise. */
  documentoOrigen: string | null;
  /** TD01–TD20 or TD99. */
  tipoDocumental: string;
}

/** What a document is until someone states otherwise: an original of type "Otros" by the administration. */
export const DEFAULT_ENI_METADATA: DocumentEniMetadata = { origen: 'administracion', estadoElaboracion: 'EE01', documentoOrigen: null, tipoDocumental: 'TD99' };

/** One immutable version of a document's bytes. */
export interface DocumentVersion {
  documentId: string;
  version: number;
  /** Where the bytes are in the blob store (version 1: the document id). */
  blobKey: string;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: Date;
  createdBy: Actor;
}

/** Why a document left its expediente; the document and its versions stay. */
export interface DocumentRemoval {
  at: Date;
  by: Actor;
  reason: string;
}

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
  /** The version the name, type, size and hash above describe. */
  currentVersion: number;
  /** FechaCaptura: when it entered the system (its upload, or what an imported document states). */
  capturedAt: Date;
  /** ENI identifier, issued when it first enters an expediente; never changes afterwards. */
  eniIdentifier: string | null;
  eni: DocumentEniMetadata;
  /** The folder of the índice it is filed in; null: at the top. */
  folder: string | null;
  /** Order in its expediente (OrdenDocumentoExpediente), from 1; null while unattached. */
  position: number | null;
  /** When it entered its expediente (FechaIncorporacionExpediente). */
  incorporatedAt: Date | null;
  removal: DocumentRemoval | null;
}

/** Where a document is filed when it enters an expediente. */
export interface Placement {
  /** Used only when the document has none yet. */
  eniIdentifier: string;
  position: number;
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
    eni?: DocumentEniMetadata;
    folder?: string | null;
    /** An imported document keeps the capture date and ENI identifier it was sent with. */
    imported?: { capturedAt: Date; eniIdentifier: string };
  }): Document {
    if (input.size <= 0) throw new DomainError('file-empty', 'validation', 'The file is empty.');
    const eni = input.eni ?? DEFAULT_ENI_METADATA;
    assertEniMetadata(eni);
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
      currentVersion: 1,
      capturedAt: input.imported?.capturedAt ?? input.at,
      eniIdentifier: input.imported?.eniIdentifier ?? null,
      eni,
      folder: input.folder ?? null,
      position: null,
      incorporatedAt: null,
      removal: null,
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

  get capturedAt(): Date {
    return this.#state.capturedAt;
  }

  get removed(): boolean {
    return this.#state.removal !== null;
  }

  snapshot(): DocumentSnapshot {
    return { ...this.#state, eni: { ...this.#state.eni } };
  }

  /** The version the document's current name, type, size and hash describe. */
  currentVersionRecord(): DocumentVersion {
    const s = this.#state;
    return {
      documentId: s.id,
      version: s.currentVersion,
      blobKey: versionBlobKey(s.id, s.currentVersion),
      name: s.name,
      mediaType: s.mediaType,
      size: s.size,
      sha256: s.sha256,
      createdAt: s.updatedAt,
      createdBy: s.updatedBy,
    };
  }

  /** The blob key a new version's bytes go to. */
  nextBlobKey(): string {
    return versionBlobKey(this.#state.id, this.#state.currentVersion + 1);
  }

  /**
   * A new current version of a document in an expediente (earlier versions stay, immutable).
   * Whether the expediente is still open is checked by the caller, who knows it.
   */
  addVersion(input: { name: string; mediaType: string; size: number; sha256: string; by: Actor; at: Date }): DocumentVersion {
    this.#ensureFiledAndPresent();
    if (input.size <= 0) throw new DomainError('file-empty', 'validation', 'The file is empty.');
    const s = this.#state;
    this.#state = {
      ...s,
      currentVersion: s.currentVersion + 1,
      name: input.name,
      mediaType: input.mediaType,
      size: input.size,
      sha256: input.sha256,
      updatedAt: input.at,
      updatedBy: input.by,
    };
    return this.currentVersionRecord();
  }

  /** States the document's ENI metadata again (and its folder). */
  changeEni(eni: DocumentEniMetadata, folder: string | null, by: Actor, at: Date): void {
    this.#ensureFiledAndPresent();
    assertEniMetadata(eni);
    this.#state = { ...this.#state, eni: { ...eni }, folder, updatedAt: at, updatedBy: by };
  }

  /** Takes the document out of its expediente's índice; its versions and history stay. */
  remove(reason: string, by: Actor, at: Date): void {
    this.#ensureFiledAndPresent();
    if (reason.trim() === '') throw validationError('removal-reason-required', 'Say why the document is removed.', { field: 'reason' });
    this.#state = { ...this.#state, removal: { at, by, reason: reason.trim() }, updatedAt: at, updatedBy: by };
  }

  #ensureFiledAndPresent(): void {
    if (this.#state.fileCode === null) {
      throw conflict('document-not-attached', 'The document is not in an expediente yet; upload a new document instead.');
    }
    if (this.#state.removal !== null) {
      throw conflict('document-removed', `The document was removed from expediente ${this.#state.fileCode}; its history stays, but it no longer changes.`);
    }
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
  attachTo(fileCode: string, actor: Actor, at: Date, attachmentId: string | null, organism: string, placement?: Placement): boolean {
    const problem = this.attachProblem(fileCode, actor);
    if (problem) throw conflict('document-not-attachable', problem);
    if (this.#state.fileCode === fileCode) return false;
    this.#state = {
      ...this.#state,
      fileCode,
      attachmentId,
      organism,
      eniIdentifier: this.#state.eniIdentifier ?? placement?.eniIdentifier ?? null,
      position: placement?.position ?? null,
      incorporatedAt: at,
      updatedAt: at,
      updatedBy: actor,
    };
    return true;
  }

  /**
   * Detaches from `fileCode` when it is attached there, and (given an attachment id) only when
   * that attachment made it. Returns whether anything changed; "never attached" is fine.
   */
  detachFrom(fileCode: string, attachmentId: string | null, actor: Actor, at: Date): boolean {
    if (this.#state.fileCode !== fileCode) return false;
    if (attachmentId !== null && this.#state.attachmentId !== null && this.#state.attachmentId !== attachmentId) return false;
    // The ENI identifier stays: once issued, an identifier never changes nor is reused.
    this.#state = { ...this.#state, fileCode: null, attachmentId: null, organism: null, position: null, incorporatedAt: null, updatedAt: at, updatedBy: actor };
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

/** NTI Documento electrónico: the source document is stated for EE02 and EE04 copies, and only for them. */
export function assertEniMetadata(eni: DocumentEniMetadata): void {
  const needsSource = eni.estadoElaboracion === 'EE02' || eni.estadoElaboracion === 'EE04';
  if (needsSource && !eni.documentoOrigen) {
    throw validationError('source-document-required', `A copy (${eni.estadoElaboracion}) must name the ENI identifier of the document it copies.`, {
      field: 'identificadorDocumentoOrigen',
    });
  }
  if (!needsSource && eni.documentoOrigen) {
    throw validationError('source-document-not-allowed', 'Only EE02 and EE04 copies name a source document.', { field: 'identificadorDocumentoOrigen' });
  }
  if (!/^TD(0[1-9]|1[0-9]|20|99)$/.test(eni.tipoDocumental)) {
    throw validationError('invalid-tipo-documental', 'The tipo documental must be TD01 to TD20 or TD99.', { field: 'tipoDocumental' });
  }
}

/** Where version `version` of a document lives in the blob store: version 1 under the document id, as always. */
export function versionBlobKey(documentId: string, version: number): string {
  return version === 1 ? documentId : `${documentId}.v${version}`;
}

import type { Actor } from '@tramita/kernel';
import type { IndiceEntry } from '@tramita/eni/model';

/**
 * A signed índice electrónico (Ley 39/2015 art. 70.2; NTI Expediente electrónico): the closure one
 * (E02) when the expediente finishes, or a snapshot for a remisión (E03). Immutable: a later change
 * makes a new one and this one stays.
 */
export interface IndiceSnapshot {
  id: string;
  organism: string;
  fileCode: string;
  estado: 'E02' | 'E03';
  fechaIndice: Date;
  /** The signed `eniexpind:indice` element, verbatim. */
  xml: string;
  entries: IndiceEntry[];
  /** The signature types it carries (TF01, and TF02 with a seal). */
  firmas: string[];
  csv: string | null;
  createdAt: Date;
  createdBy: Actor;
}

export interface IndiceRepository {
  insert(snapshot: IndiceSnapshot): Promise<void>;
  /** Newest first. */
  list(organism: string, fileCode: string): Promise<IndiceSnapshot[]>;
}

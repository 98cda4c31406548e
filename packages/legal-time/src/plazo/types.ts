import type { LegalDuration } from '../types.ts';

/**
 * The causes that suspend the maximum plazo to resolve and notify (art. 22). 22.1 are "may"
 * causes: they apply only once a decision was taken and communicated. 22.2 are "must" causes:
 * they apply as soon as their start is recorded.
 */
export type SuspensionCause = '22.1.a' | '22.1.b' | '22.1.c' | '22.1.d' | '22.1.e' | '22.1.f' | '22.1.g' | '22.2.a' | '22.2.b' | '22.2.c';

export interface SuspensionCauseRule {
  /** What the cause is, in Spanish, for people. */
  label: string;
  /** 'may' (art. 22.1: "se podrá suspender") or 'must' (art. 22.2: "se suspenderá"). */
  kind: 'may' | 'must';
  /** The longest the suspension may last, or null when the law sets no cap. */
  cap: LegalDuration | null;
}

export const SUSPENSION_CAUSES: Readonly<Record<SuspensionCause, SuspensionCauseRule>> = {
  '22.1.a': { label: 'requerimiento de subsanación o de aportación de documentos', kind: 'may', cap: null },
  '22.1.b': { label: 'pronunciamiento previo y preceptivo de un órgano de la Unión Europea', kind: 'may', cap: null },
  '22.1.c': { label: 'procedimiento no finalizado en el ámbito de la Unión Europea que condiciona la resolución', kind: 'may', cap: null },
  // art. 22.1.d: the suspension for a mandatory report "en ningún caso podrá exceder de tres meses".
  '22.1.d': { label: 'solicitud de informe preceptivo a un órgano de la misma o distinta Administración', kind: 'may', cap: { value: 3, unit: 'MESES' } },
  '22.1.e': { label: 'pruebas técnicas o análisis contradictorios o dirimentes propuestos por los interesados', kind: 'may', cap: null },
  '22.1.f': { label: 'negociaciones para la conclusión de un pacto o convenio (art. 86)', kind: 'may', cap: null },
  '22.1.g': { label: 'pronunciamiento previo de un órgano jurisdiccional indispensable para resolver', kind: 'may', cap: null },
  '22.2.a': { label: 'requerimiento a otra Administración para que anule o revise un acto (art. 39.5)', kind: 'must', cap: null },
  '22.2.b': { label: 'actuaciones complementarias (art. 87)', kind: 'must', cap: null },
  '22.2.c': { label: 'recusación', kind: 'must', cap: null },
};

/**
 * A suspension of the maximum plazo (art. 22). `startedAt` and `endedAt` are ISO dates
 * (`YYYY-MM-DD`) or instants with offset; only their date in the sede's zone counts. `endedAt`
 * is null while the suspension is open.
 */
export interface Suspension {
  id: string;
  cause: SuspensionCause;
  startedAt: string;
  endedAt: string | null;
  note: string;
}

/**
 * An extension: art. 23 (the maximum plazo, at most the original), art. 32 (a procedural plazo,
 * at most half) or art. 68.2 (subsanación, at most 5 días). `requestedAt` is null when the
 * Administration extends ex officio. Dates as in `Suspension`.
 */
export interface Extension {
  id: string;
  article: '23' | '32' | '68.2';
  duration: LegalDuration;
  requestedAt: string | null;
  decidedAt: string;
}

/** How the procedure started (art. 21.3): a solicitud's registry entry or an acuerdo de iniciación de oficio. */
export type Initiation = 'SOLICITUD' | 'OFICIO';

/** What expiry of the maximum plazo means for the procedure, as its regulation states it (arts. 24, 25). */
export type ExpiryEffect = 'SILENCIO_POSITIVO' | 'SILENCIO_NEGATIVO' | 'CADUCIDAD' | 'NO_DECLARADO';

/** A plazo as it started: its trigger (ISO date or instant with offset) and its length. */
export interface PlazoSpec {
  trigger: string;
  duration: LegalDuration;
}

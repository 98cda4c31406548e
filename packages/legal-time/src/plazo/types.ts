import type { LegalDuration } from '../types.ts';

/**
 * The causes that stop the maximum plazo to resolve and notify. Art. 22 suspends it: 22.1 are
 * "may" causes, applied only once a decision was taken and communicated; 22.2 are "must" causes,
 * applied as soon as their start is recorded. Art. 25.2 interrupts it while a procedure started de
 * oficio is paralysed by a cause attributable to the interested party; the days between count
 * like a suspension's.
 */
export type SuspensionCause = '22.1.a' | '22.1.b' | '22.1.c' | '22.1.d' | '22.1.e' | '22.1.f' | '22.1.g' | '22.2.a' | '22.2.b' | '22.2.c' | '25.2';

export interface SuspensionCauseRule {
  /** What the cause is, in Spanish, for people. */
  label: string;
  /** 'may' (art. 22.1: "se podrá suspender") or 'must' (art. 22.2: "se suspenderá"). */
  kind: 'may' | 'must';
  /** The longest the suspension may last, or null when the law sets no cap. */
  cap: LegalDuration | null;
  /** What the explanation calls it: a suspension (art. 22) or an interruption of the count (art. 25.2). */
  term: 'Suspensión' | 'Interrupción del cómputo';
  /** Only for procedures started de oficio (art. 25 governs them). */
  oficioOnly: boolean;
}

const suspension = (label: string, kind: SuspensionCauseRule['kind'], cap: LegalDuration | null = null): SuspensionCauseRule => ({
  label,
  kind,
  cap,
  term: 'Suspensión',
  oficioOnly: false,
});

export const SUSPENSION_CAUSES: Readonly<Record<SuspensionCause, SuspensionCauseRule>> = {
  '22.1.a': suspension('requerimiento de subsanación o de aportación de documentos', 'may'),
  '22.1.b': suspension('pronunciamiento previo y preceptivo de un órgano de la Unión Europea', 'may'),
  '22.1.c': suspension('procedimiento no finalizado en el ámbito de la Unión Europea que condiciona la resolución', 'may'),
  // art. 22.1.d: the suspension for a mandatory report "en ningún caso podrá exceder de tres meses".
  '22.1.d': suspension('solicitud de informe preceptivo a un órgano de la misma o distinta Administración', 'may', { value: 3, unit: 'MESES' }),
  '22.1.e': suspension('pruebas técnicas o análisis contradictorios o dirimentes propuestos por los interesados', 'may'),
  '22.1.f': suspension('negociaciones para la conclusión de un pacto o convenio (art. 86)', 'may'),
  '22.1.g': suspension('pronunciamiento previo de un órgano jurisdiccional indispensable para resolver', 'may'),
  '22.2.a': suspension('requerimiento a otra Administración para que anule o revise un acto (art. 39.5)', 'must'),
  '22.2.b': suspension('actuaciones complementarias (art. 87)', 'must'),
  '22.2.c': suspension('recusación', 'must'),
  // art. 25.2: "se interrumpirá el cómputo del plazo para resolver y notificar la resolución" while
  // a procedure started de oficio is paralysed by a cause attributable to the interested party.
  '25.2': {
    label: 'paralización del procedimiento por causa imputable al interesado',
    kind: 'must',
    cap: null,
    term: 'Interrupción del cómputo',
    oficioOnly: true,
  },
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

import { effectiveRegistryInstant, parseLegalDuration, type LegalDuration } from '@tramita/legal-time';
import type { ProcedurePlazoModel, ProcessModel } from '@tramita/bpmn';
import { illegalState, type Actor } from '@tramita/kernel';
import { Plazo, type NewPlazo } from '../domain/plazo.ts';
import type { Procedure } from '../domain/procedure.ts';
import type { Process } from '../domain/process.ts';
import { computeOrFail } from './compute-plazo.ts';
import { calendarContextOf, organismCalendar, type CalendarDefaults } from './legal-calendar.ts';
import { publishPlazoChanged } from './plazo-view.ts';
import type { BpmRepositories, Outbox } from './ports.ts';

/** Art. 21.3: when the procedure's regulation sets no maximum plazo, it is three months. */
const DEFAULT_MAXIMUM: LegalDuration = { value: 3, unit: 'MESES' };

export interface OpenPlazoDeps extends Pick<BpmRepositories, 'plazos' | 'calendars'> {
  outbox: Outbox;
  calendarDefaults: CalendarDefaults;
}

/** The expediente whose maximum plazo opens: its process, and when it entered the registry. */
export interface PlazoSubject {
  processId: string;
  fileCode: string;
  organism: string;
  /** The registry entry's real instant (art. 31.2: its effective instant is the dies a quo, 21.3.b). */
  enteredAt: Date;
}

/** The expediente's registry entry is when its process starts (the saga creates both at once). */
export function plazoSubjectOf(process: Process): PlazoSubject {
  const state = process.state();
  return { processId: state.processId, fileCode: state.fileCode, organism: state.organism, enteredAt: state.startedAt };
}

/**
 * Opens an expediente's maximum plazo to resolve and notify (art. 21) as its process starts, in the
 * same transaction: from the registry entry's effective instant (arts. 21.3.b, 31.2.c), for the
 * plazo, initiation and expiry effect the procedure states (art. 21.2; three months when silent,
 * 21.3), managed by the roles it names.
 */
export async function openMaximumPlazo(
  deps: OpenPlazoDeps,
  subject: PlazoSubject,
  procedure: Procedure,
  model: ProcessModel | null,
  actor: Actor,
): Promise<Plazo> {
  const stated = model?.plazo ?? null;
  const calendar = await organismCalendar(deps.calendars, subject.organism, deps.calendarDefaults);
  const context = calendarContextOf(calendar, null);
  const initiation = stated?.iniciacion ?? 'SOLICITUD';
  // Art. 21.3: a solicitud counts from its entry in the registry (its effective instant, art. 31.2.c);
  // a de oficio procedure from the acuerdo de iniciación, as recorded (its managers may state an earlier one).
  const entry = effectiveRegistryInstant(subject.enteredAt.toISOString(), context, calendar.set);
  if (!entry.ok) throw illegalState('plazo-not-computable', entry.message);
  const startedAt = initiation === 'SOLICITUD' ? entry.value.effectiveAt : entry.value.presentedAt;
  const { duration, legalBasis } = maximumOf(stated);
  const fields: NewPlazo = {
    plazoId: `${subject.processId}.maximo`,
    processId: subject.processId,
    organism: subject.organism,
    fileCode: subject.fileCode,
    kind: 'MAXIMO',
    name: 'Plazo máximo para resolver y notificar',
    taskId: null,
    duration,
    legalBasis,
    startedAt,
    initiation,
    expiryEffect: stated?.efectoVencimiento ?? 'NO_DECLARADO',
    managers: plazoManagersOf(model, procedure),
  };
  // Counted as of the registry entry: the process starts with it.
  const now = subject.enteredAt;
  const plazo = Plazo.open(fields, computeOrFail({ ...fields, suspensions: [], extensions: [] }, { context, set: calendar.set }, now), actor, now);
  await deps.plazos.insert(plazo.state());
  publishPlazoChanged(plazo, deps.outbox);
  return plazo;
}

function maximumOf(stated: ProcedurePlazoModel | null): { duration: LegalDuration; legalBasis: string } {
  const parsed = stated?.maximo ? parseLegalDuration(stated.maximo) : null;
  if (parsed?.ok) return { duration: parsed.value, legalBasis: 'art. 21.2 de la Ley 39/2015: el plazo que fija la norma del procedimiento' };
  return { duration: DEFAULT_MAXIMUM, legalBasis: 'art. 21.3 de la Ley 39/2015: tres meses, pues la norma del procedimiento no fija plazo' };
}

/** The roles the procedure names to manage plazos (`tramita:gestoresPlazo`); when it names none, the roles that work its phases. */
export function plazoManagersOf(model: ProcessModel | null, procedure: Procedure | null): string[] {
  const stated = model?.plazo ?? null;
  if (stated && stated.gestores.length > 0) return stated.gestores;
  const roles = new Set<string>();
  if (model) {
    for (const node of Object.values(model.nodes)) if (node.kind === 'userTask') node.assignment.candidateGroups.forEach((role) => roles.add(role));
  } else {
    procedure?.transitions.forEach((transition) => roles.add(transition.role));
  }
  // An expression (`${jefe}`) names no role until run time.
  return [...roles].filter((role) => role !== '' && !role.includes('$') && !role.includes('#'));
}

import { describe, expect, it } from 'vitest';
import { engineServices, readProcedureFile } from '@tramita/bpmn';
import type { OutgoingMessage } from '@tramita/messaging';
import { auditRecorderIn, InMemoryAuditTrail } from '@tramita/platform';
import { bpmEvents, type PlazoResource } from '@tramita/contracts';
import { isDomainError, type Clock } from '@tramita/kernel';
import { InMemoryProcedureRepository } from '../adapters/in-memory/procedure-repository.in-memory.ts';
import { inMemoryRepositories } from '../adapters/in-memory/repositories.in-memory.ts';
import { DEFAULT_PROCEDURE } from '../domain/default-procedure.ts';
import { Procedure } from '../domain/procedure.ts';
import { Process } from '../domain/process.ts';
import { adoptPlazos } from './adopt-plazos.ts';
import { recountOpenPlazos } from './recount-open-plazos.ts';
import { Plazo, type PlazoState } from '../domain/plazo.ts';
import { completeTask } from './complete-task.ts';
import { advanceProcess } from './advance-process.ts';
import { createProcess } from './create-process.ts';
import { deployProcedure } from './deploy-procedure.ts';
import { expireDuePlazos } from './expire-plazos.ts';
import { extendPlazo } from './extend-plazo.ts';
import { listInbox } from './list-inbox.ts';
import { listNotices } from './notices.ts';
import { listPlazos } from './list-plazos.ts';
import type { UnitOfWork } from './ports.ts';
import { resumePlazo } from './resume-plazo.ts';
import { setPlazoContext } from './set-plazo-context.ts';
import { startPlazo } from './start-plazo.ts';
import { suspendPlazo } from './suspend-plazo.ts';
import { principalIn } from './test-principals.ts';

/** Legal time in bpm (ADR 0016), on the shipped 2026 calendars of an organism seated in Sevilla (eni-legal-time.md C.1). */

const A = 'L01410917';
const B = 'A01002820';
const SEVILLA = { community: 'ES-AN', municipality: '41091', timeZone: 'Europe/Madrid' as const };
const person = principalIn;
const jefe = person('jefa', A, ['jefe']);
const tramitador = person('tomas', A, ['tramitador']);
const ajeno = person('otro', B, ['jefe']);
const audited = { actor: { username: 'jefa', displayName: 'jefa' }, correlationId: 'req-1', sourceAddress: null };

/** A de oficio procedure that lapses (art. 25.1.b) after 3 months, with a 10-día-hábil subsanación (art. 68). */
const SUBSANACION = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:tramita="urn:tramita:bpmn:1.0" id="D" targetNamespace="urn:prueba">
  <bpmn:process id="SANCION" name="Procedimiento sancionador" isExecutable="true" tramita:plazoMaximo="3 meses" tramita:iniciacion="oficio" tramita:efectoVencimiento="caducidad" tramita:gestoresPlazo="jefe">
    <bpmn:startEvent id="S" />
    <bpmn:sequenceFlow id="F1" sourceRef="S" targetRef="SUBSANAR" />
    <bpmn:userTask id="SUBSANAR" name="Subsanar la solicitud" camunda:candidateGroups="tramitador" tramita:plazo="10 días hábiles" />
    <bpmn:sequenceFlow id="F2" sourceRef="SUBSANAR" targetRef="RESOLVER" />
    <bpmn:userTask id="RESOLVER" name="Resolver" camunda:candidateGroups="tramitador" />
    <bpmn:sequenceFlow id="F3" sourceRef="RESOLVER" targetRef="E" />
    <bpmn:endEvent id="E" />
  </bpmn:process>
</bpmn:definitions>`;

/** A clock the test moves. */
function settableClock(start: string): Clock & { set(at: string): void } {
  let current = new Date(start);
  return { now: () => new Date(current), set: (at) => void (current = new Date(at)) };
}

async function setup(start = '2026-03-25T10:00:00+01:00') {
  const sent: OutgoingMessage[] = [];
  const trail = new InMemoryAuditTrail('bpm');
  const clock = settableClock(start);
  const repositories = inMemoryRepositories({ procedures: new InMemoryProcedureRepository([Procedure.restore(DEFAULT_PROCEDURE)]) });
  const outbox = { send: (message: OutgoingMessage) => void sent.push(message) };
  const deps = {
    ...repositories,
    outbox,
    audit: auditRecorderIn(trail, undefined),
    clock,
    engineServices,
    calendarDefaults: SEVILLA,
    defaultProcedureCode: 'EXPEDIENTE',
    defaultOrganism: 'E00000000',
  };
  const unitOfWork: UnitOfWork = { run: (_cause, work) => work(repositories, outbox, deps.audit) };
  await deployProcedure({ ...deps, readBpmn: readProcedureFile }, { xml: SUBSANACION, organism: A }, person('admin', A, ['admin']), audited);
  await createProcess(deps, {
    processId: 'p-1',
    fileCode: 'EXP-1',
    procedureCode: 'SANCION',
    organism: A,
    requestedBy: { username: 'tomas', displayName: 'tomas' },
  });
  const plazos = () => repositories.plazos.ofProcess('p-1');
  const maximo = async () => (await plazos()).find((plazo) => plazo.kind === 'MAXIMO')!;
  const tramite = async () => (await plazos()).find((plazo) => plazo.kind === 'TRAMITE')!;
  const target = async (caller = jefe, which: () => Promise<PlazoState> = maximo) => ({
    fileCode: 'EXP-1',
    plazoId: (await which()).plazoId,
    caller,
    actor: { username: caller.username, displayName: caller.username },
    audited,
  });
  return { deps, repositories, unitOfWork, clock, sent, trail, plazos, maximo, tramite, target };
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; category: string; message: string }> {
  const error: unknown = await promise.then(
    () => new Error('expected a refusal'),
    (thrown: unknown) => thrown,
  );
  if (!isDomainError(error)) throw error;
  return error;
}

describe('an expediente opens its plazos as its process starts', () => {
  it('opens the maximum plazo the procedure states, from the registry entry, managed by the roles it names (art. 21)', async () => {
    const { maximo, sent } = await setup();
    expect(await maximo()).toMatchObject({
      kind: 'MAXIMO',
      duration: { value: 3, unit: 'MESES' },
      legalBasis: expect.stringMatching(/art\. 21\.2/) as unknown,
      initiation: 'OFICIO',
      expiryEffect: 'CADUCIDAD',
      managers: ['jefe'],
      state: 'RUNNING',
      startedAt: '2026-03-25T10:00:00+01:00',
      due: { status: 'FINAL', date: '2026-06-25', endsAt: '2026-06-25T23:59:59.999+02:00' },
      communicatedDue: '2026-06-25',
    });
    const announced = sent.filter((message) => message.type === 'PlazoChanged').map((message) => bpmEvents.PlazoChanged.parse(message.data));
    expect(announced).toEqual([
      expect.objectContaining({ fileCode: 'EXP-1', organism: A, state: 'RUNNING', dueAt: '2026-06-25T23:59:59.999+02:00', dueStatus: 'FINAL', version: 1 }),
    ]);
    expect(Date.parse(announced[0]!.nearFrom!)).toBeLessThan(Date.parse('2026-06-25T00:00:00+02:00'));
  });

  it('opens the subsanación plazo of the first task in días hábiles, skipping Jueves and Viernes Santo, and gives the task that due date (arts. 30.2, 68.1)', async () => {
    const { tramite, repositories } = await setup();
    const plazo = await tramite();
    expect(plazo).toMatchObject({ kind: 'TRAMITE', name: 'Subsanar la solicitud', duration: { value: 10, unit: 'DIAS_HABILES' }, due: { date: '2026-04-10' } });
    expect(plazo.due!.explanation.skipped.map((day) => day.date)).toEqual(expect.arrayContaining(['2026-04-02', '2026-04-03']));
    const [task] = await repositories.tasks.ofProcess('p-1');
    expect(task?.dueAt?.toISOString()).toBe(new Date(plazo.due!.endsAt).toISOString());
    const inbox = await listInbox(repositories, tramitador, { limit: 10, offset: 0 }, new Date('2026-04-08T09:00:00+02:00'));
    expect(inbox.items[0]?.plazo).toEqual({
      plazoId: plazo.plazoId,
      durationText: '10 días hábiles',
      dueStatus: 'FINAL',
      trafficLight: 'NEAR',
      timeLeft: 'quedan 2 días naturales',
    });
  });

  it('opens three months and says so (art. 21.3) when the procedure states no maximum plazo', async () => {
    const { deps, repositories } = await setup();
    await createProcess(deps, { processId: 'p-2', fileCode: 'EXP-2', organism: A, requestedBy: { username: 'tomas', displayName: 'tomas' } });
    const [plazo] = await repositories.plazos.ofProcess('p-2');
    expect(plazo).toMatchObject({
      duration: { value: 3, unit: 'MESES' },
      legalBasis: expect.stringMatching(/art\. 21\.3/) as unknown,
      expiryEffect: 'NO_DECLARADO',
    });
    expect(plazo?.managers.length).toBeGreaterThan(0);
  });

  it('closes the maximum plazo of a phase-table expediente when it reaches its end', async () => {
    const { deps, repositories } = await setup();
    await createProcess(deps, { processId: 'p-2', fileCode: 'EXP-2', organism: A, requestedBy: { username: 'tomas', displayName: 'tomas' } });
    const all = person('ana', A, ['tramitador', 'tecnico', 'validador']);
    const actor = { username: 'ana', displayName: 'ana' };
    for (const [to, expectedVersion] of [
      ['ANALISIS_TECNICO', 1],
      ['VALIDADO', 2],
      ['FINALIZADO', 3],
    ] as const) {
      await advanceProcess(deps, { fileCode: 'EXP-2', to, expectedVersion, actor, caller: all, audited });
    }
    const [plazo] = await repositories.plazos.ofProcess('p-2');
    expect(plazo).toMatchObject({ state: 'CLOSED', nearFrom: null });
    expect(plazo?.history.at(-1)).toMatchObject({ event: 'CLOSED', note: 'El procedimiento ha terminado.' });
  });

  it('closes the trámite plazo when its task is done', async () => {
    const { deps, repositories, tramite } = await setup();
    const [task] = await repositories.tasks.ofProcess('p-1');
    await completeTask(deps, { taskId: task!.taskId }, tramitador, { username: 'tomas', displayName: 'tomas' }, audited);
    expect(await tramite()).toMatchObject({ state: 'CLOSED' });
    expect((await tramite()).history.at(-1)).toMatchObject({ event: 'CLOSED', note: 'Trámite realizado.' });
  });
});

describe('expedientes started before legal time', () => {
  it('get their maximum plazo from when their process started, once', async () => {
    const { deps, repositories, unitOfWork } = await setup();
    const earlier = Process.start({
      processId: 'p-old',
      fileCode: 'EXP-OLD',
      organism: A,
      procedure: Procedure.restore(DEFAULT_PROCEDURE),
      actor: { username: 'tomas', displayName: 'tomas' },
      now: new Date('2026-02-02T09:00:00+01:00'),
    });
    await repositories.processes.insert(earlier);
    expect(await adoptPlazos(unitOfWork, deps)).toBe(1);
    expect(await adoptPlazos(unitOfWork, deps)).toBe(0);
    const [plazo] = await repositories.plazos.ofProcess('p-old');
    expect(plazo).toMatchObject({ kind: 'MAXIMO', startedAt: '2026-02-02T09:00:00+01:00', due: { date: '2026-05-04' } });
  });
});

describe('a release with other calendars', () => {
  it('counts every open plazo again, keeps the old result, flags the communicated date that moved and tells its managers, once', async () => {
    const { unitOfWork, clock, repositories, maximo } = await setup();
    // As computed by an earlier release whose calendar made it end a day earlier.
    const stale = { ...(await maximo()) };
    stale.due = { ...stale.due!, date: '2026-06-24', endsAt: '2026-06-24T23:59:59.999+02:00' };
    stale.communicatedDue = '2026-06-24';
    expect(await repositories.plazos.update(Plazo.restore(stale), stale.version)).toBe(true);
    expect(await recountOpenPlazos(unitOfWork, { clock, calendarDefaults: SEVILLA })).toBe(1);
    expect((await maximo()).history.at(-1)).toMatchObject({ event: 'RECALCULATED', previousDue: '2026-06-24', due: '2026-06-25', communicatedDateMoved: true });
    expect((await listNotices(repositories, jefe)).items.map((notice) => notice.kind)).toEqual(['COMMUNICATED_DATE_MOVED']);
    expect(await recountOpenPlazos(unitOfWork, { clock, calendarDefaults: SEVILLA })).toBe(0);
  });
});

describe('suspending, resuming and extending a plazo', () => {
  it('suspends the maximum plazo (art. 22.1.a): its due date is unknown while suspended, and moves by the days suspended when it runs again', async () => {
    const { deps, target, maximo, trail } = await setup();
    const suspended = await suspendPlazo(deps, await target(), {
      cause: '22.1.a',
      startedAt: '2026-03-25T12:00:00+01:00',
      note: 'Requerimiento de subsanación notificado',
    });
    expect(suspended).toMatchObject({ state: 'SUSPENDED', due: null, trafficLight: 'SUSPENDED', timeLeft: 'suspendido desde el 25/03/2026' });
    const id = suspended.suspensions[0]!.id;
    const resumed = await resumePlazo(
      deps,
      { ...(await target()), suspensionId: id },
      { endedAt: '2026-04-06T09:00:00+02:00', note: 'Documentación aportada' },
    );
    // 12 natural days suspended: 25 Jun + 12 = Tue 7 Jul 2026.
    expect(resumed).toMatchObject({ state: 'RUNNING', due: { date: '2026-07-07' }, suspensions: [{ cause: '22.1.a', endedAt: '2026-04-06T09:00:00+02:00' }] });
    expect((await maximo()).history.map((entry) => [entry.event, entry.due])).toEqual([
      ['COMPUTED', '2026-06-25'],
      ['SUSPENDED', null],
      ['RESUMED', '2026-07-07'],
    ]);
    expect(trail.entries.map((entry) => entry.action)).toEqual(expect.arrayContaining(['plazo.suspend', 'plazo.resume']));
  });

  it('interrupts the maximum plazo of a de oficio procedure for paralysis attributable to the interested party (art. 25.2), and refuses it in one started by a solicitud', async () => {
    const { deps, target, repositories } = await setup();
    const interrupted = await suspendPlazo(deps, await target(), {
      cause: '25.2',
      startedAt: '2026-04-01T09:00:00+02:00',
      note: 'El interesado no aporta lo requerido',
    });
    expect(interrupted).toMatchObject({ state: 'SUSPENDED', due: null, suspensions: [{ cause: '25.2', endedAt: null }] });
    const resumed = await resumePlazo(
      deps,
      { ...(await target()), suspensionId: interrupted.suspensions[0]!.id },
      { endedAt: '2026-04-11T09:00:00+02:00', note: 'Aportado' },
    );
    // 10 natural days interrupted: 25 Jun + 10 = Sun 5 Jul, so Mon 6 Jul 2026 (art. 30.5).
    expect(resumed).toMatchObject({ state: 'RUNNING', due: { date: '2026-07-06' } });

    await createProcess(deps, { processId: 'p-2', fileCode: 'EXP-2', organism: A, requestedBy: { username: 'tomas', displayName: 'tomas' } });
    const [solicitud] = await repositories.plazos.ofProcess('p-2');
    expect(solicitud?.initiation).toBe('SOLICITUD');
    const manager = person('mar', A, solicitud!.managers);
    const refused = await refusal(
      suspendPlazo(
        deps,
        { fileCode: 'EXP-2', plazoId: solicitud!.plazoId, caller: manager, actor: { username: 'mar', displayName: 'mar' }, audited },
        { cause: '25.2', note: 'Paralizado' },
      ),
    );
    expect(refused).toMatchObject({ code: 'cause-not-applicable', category: 'illegal-state' });
    expect((await repositories.plazos.ofProcess('p-2'))[0]).toMatchObject({ state: 'RUNNING', suspensions: [] });
  });

  it('lets only the roles the procedure names change a plazo, and answers another organism as a missing expediente', async () => {
    const { deps, target, maximo } = await setup();
    const request = { cause: '22.2.c' as const, note: 'Recusación' };
    expect(await refusal(suspendPlazo(deps, await target(tramitador), request))).toMatchObject({ code: 'not-a-plazo-manager', category: 'forbidden' });
    expect(await refusal(suspendPlazo(deps, await target(ajeno), request))).toMatchObject({ code: 'process-not-found', category: 'not-found' });
    expect(await refusal(listPlazos(deps, 'EXP-1', ajeno))).toMatchObject({ code: 'process-not-found' });
    expect((await maximo()).state).toBe('RUNNING');
  });

  it('extends the maximum plazo by at most the original, from the original start (art. 23), and refuses other articles', async () => {
    const { deps, target } = await setup();
    const tooLong = { article: '23' as const, duration: { value: 4, unit: 'MESES' as const }, reason: 'Complejidad' };
    expect(await refusal(extendPlazo(deps, await target(), tooLong))).toMatchObject({ category: 'unprocessable' });
    expect(await refusal(extendPlazo(deps, await target(), { ...tooLong, article: '32', duration: { value: 1, unit: 'MESES' } }))).toMatchObject({
      code: 'extension-article-not-applicable',
    });
    const extended = await extendPlazo(deps, await target(), { ...tooLong, duration: { value: 3, unit: 'MESES' } });
    expect(extended).toMatchObject({ due: { date: '2026-09-25' }, extensions: [{ article: '23', reason: 'Complejidad' }] });
  });

  it('extends a subsanación by up to 5 días hábiles (art. 68.2) and never after it expired (art. 32.3)', async () => {
    const { deps, target, tramite, clock } = await setup();
    const request = { article: '68.2' as const, duration: { value: 6, unit: 'DIAS_HABILES' as const }, reason: 'Documentos difíciles de obtener' };
    expect(await refusal(extendPlazo(deps, await target(jefe, tramite), request))).toMatchObject({ code: 'extension-refused' });
    clock.set('2026-04-09T10:00:00+02:00');
    const extended = await extendPlazo(deps, await target(jefe, tramite), { ...request, duration: { value: 5, unit: 'DIAS_HABILES' } });
    expect(extended.due?.date).toBe('2026-04-17');
    clock.set('2026-04-20T10:00:00+02:00');
    expect(await refusal(extendPlazo(deps, await target(jefe, tramite), { ...request, duration: { value: 1, unit: 'DIAS_HABILES' } }))).toMatchObject({
      code: 'plazo-expired',
      category: 'conflict',
    });
  });

  it('states the dies a quo of a de oficio procedure from its acuerdo de iniciación (art. 21.3.a), never in the future', async () => {
    const { deps, target } = await setup();
    const started = await startPlazo(deps, await target(), {
      startedAt: '2026-03-02T09:00:00+01:00',
      basis: 'ACUERDO_INICIACION',
      note: 'Acuerdo de 2 de marzo',
    });
    expect(started).toMatchObject({ startedAt: '2026-03-02T09:00:00+01:00', due: { date: '2026-06-02' }, communicatedDue: '2026-06-02' });
    expect(await refusal(startPlazo(deps, await target(), { startedAt: '2026-04-01T09:00:00+02:00', basis: 'ACUERDO_INICIACION', note: 'x' }))).toMatchObject({
      code: 'start-in-the-future',
    });
  });
});

describe('the calendar of the interested party (art. 30.6)', () => {
  it('counts a paper act of a resident in Cataluña on both calendars, flags the communicated date that moved and tells the responsible users', async () => {
    const { deps, tramite, repositories } = await setup();
    const listed = await setPlazoContext(
      deps,
      { fileCode: 'EXP-1', caller: jefe, actor: { username: 'jefa', displayName: 'jefa' }, audited },
      { residence: { community: 'ES-CT', municipality: null }, channel: 'PRESENTIAL' },
    );
    expect(listed.calendar).toMatchObject({ residence: { community: 'ES-CT' }, channel: 'PRESENTIAL' });
    // 2 Apr (Andalucía) and 6 Apr (Cataluña) are both inhábiles: 13 Apr instead of 10 Apr.
    const plazo = await tramite();
    expect(plazo.due?.date).toBe('2026-04-13');
    expect(plazo.history.at(-1)).toMatchObject({ event: 'RECALCULATED', previousDue: '2026-04-10', due: '2026-04-13', communicatedDateMoved: true });
    const notices = await listNotices(repositories, jefe);
    expect(notices.items).toEqual([expect.objectContaining({ kind: 'COMMUNICATED_DATE_MOVED', fileCode: 'EXP-1', readAt: null })]);
    expect((await listNotices(repositories, ajeno)).items).toEqual([]);
  });
});

describe('expiry', () => {
  it('records the legal outcome of a FINAL maximum plazo once its end passed (art. 25.1.b), once, and tells its managers', async () => {
    const { unitOfWork, clock, maximo, repositories, sent } = await setup();
    clock.set('2026-06-25T23:00:00+02:00');
    expect(await expireDuePlazos(unitOfWork, { clock }, 10)).toBe(1); // only the trámite (10 Apr) has ended
    clock.set('2026-06-26T00:00:00+02:00');
    expect(await expireDuePlazos(unitOfWork, { clock }, 10)).toBe(1);
    expect(await expireDuePlazos(unitOfWork, { clock }, 10)).toBe(0);
    const expired: PlazoState = await maximo();
    expect(expired).toMatchObject({ state: 'EXPIRED', outcome: { kind: 'CADUCIDAD', effectiveFrom: '2026-06-26T00:00:00+02:00' } });
    expect(expired.outcome?.article).toMatch(/25\.1\.b/);
    const notices = await listNotices(repositories, jefe);
    expect(notices.items.map((notice) => notice.kind)).toEqual(['PLAZO_EXPIRED', 'PLAZO_EXPIRED']);
    expect(sent.filter((message) => message.type === 'PlazoChanged').at(-1)?.data).toMatchObject({ state: 'EXPIRED' });
  });

  it('never declares an outcome on a PROVISIONAL due date (fail closed)', async () => {
    const { deps, unitOfWork, clock, repositories } = await setup('2026-11-30T10:00:00+01:00');
    await createProcess(deps, { processId: 'p-3', fileCode: 'EXP-3', organism: A, requestedBy: { username: 'tomas', displayName: 'tomas' } });
    const [plazo] = await repositories.plazos.ofProcess('p-3');
    // 30 Nov 2026 + 3 months runs into 2027, whose Andalusian calendar is not loaded (C.4 example 5).
    expect(plazo?.due?.status).toBe('PROVISIONAL');
    clock.set('2027-12-31T10:00:00+01:00');
    await expireDuePlazos(unitOfWork, { clock }, 10);
    const [after] = await repositories.plazos.ofProcess('p-3');
    expect(after?.state).toBe('RUNNING');
    // Shown overdue all the same; the phase table's roles manage it, not the jefe of the other procedure.
    const resource: PlazoResource | undefined = (await listPlazos(deps, 'EXP-3', jefe)).items[0];
    expect(resource).toMatchObject({ trafficLight: 'OVERDUE', canManage: false, due: { status: 'PROVISIONAL' } });
  });
});

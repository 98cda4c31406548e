import { createRequire } from 'node:module';
import { declaredNamespaces, detectDialect, VENDOR_NAMESPACES } from './detect-dialect.ts';
import { parseLegalDuration } from '@tramita/legal-time';
import type {
  DeployProblem,
  Dialect,
  FlowNode,
  ProcedurePlazoModel,
  ProcessModel,
  SequenceFlowModel,
  TaskAssignment,
  TimerDefinition,
  UserTaskNode,
} from './model.ts';

/** The deploy-time checks of expressions, given by the caller: each returns the problem, or null when the text can be used. */
export interface ExpressionChecks {
  condition(text: string): string | null;
  value(text: string): string | null;
  timer(timer: TimerDefinition): string | null;
}

/** A file read: its executable processes, what refuses the deploy (problems) and what is only worth saying (warnings). */
export interface DefinitionsReading {
  processes: ProcessModel[];
  problems: DeployProblem[];
  warnings: DeployProblem[];
}

/** An element as bpmn-moddle gives it: a type, vendor attributes it has no descriptor for, and properties by name. */
interface ModdleElement {
  readonly $type: string;
  readonly $attrs?: Record<string, string>;
  readonly [property: string]: unknown;
}
interface ModdleWarning {
  message: string;
  element?: unknown;
}
interface ModdleResult {
  rootElement?: unknown;
  warnings: ModdleWarning[];
}
interface Moddle {
  fromXML(xml: string, typeName: string): Promise<ModdleResult>;
}

// bpmn-moddle ships no declarations for its entry point; the descriptors are JSON: both are loaded with require.
const require = createRequire(import.meta.url);
const { BpmnModdle } = require('bpmn-moddle') as { BpmnModdle: new (packages: Record<string, unknown>) => Moddle };
const DESCRIPTORS = {
  camunda: require('camunda-bpmn-moddle/resources/camunda.json') as object,
  zeebe: require('zeebe-bpmn-moddle/resources/zeebe.json') as object,
  flowable: require('./descriptors/flowable.json') as object,
  activiti: require('./descriptors/activiti.json') as object,
  tramita: require('./descriptors/tramita.json') as object,
};
const DIALECT_DESCRIPTOR: Record<Dialect, keyof typeof DESCRIPTORS | null> = {
  camunda7: 'camunda',
  camunda8: 'zeebe',
  flowable: 'flowable',
  activiti: 'activiti',
  standard: null,
};

const readers = new Map<Dialect, Moddle>();
/**
 * One reader per dialect: the Camunda 7 and Camunda 8 descriptors (or Camunda 7 and Flowable)
 * conflict when registered together. Moddle mutates the descriptor objects it registers, so each
 * registration gets its own deep copy.
 */
function readerFor(dialect: Dialect): Moddle {
  let reader = readers.get(dialect);
  if (reader === undefined) {
    const vendor = DIALECT_DESCRIPTOR[dialect];
    const packages: Record<string, unknown> = { tramita: structuredClone(DESCRIPTORS.tramita) };
    if (vendor !== null) packages[vendor] = structuredClone(DESCRIPTORS[vendor]);
    reader = new BpmnModdle(packages);
    readers.set(dialect, reader);
  }
  return reader;
}

/** Attribute namespaces read as fallbacks in a dialect (Flowable reads `flowable:`, then `activiti:`, then `camunda:`). */
const FALLBACKS: Record<Dialect, (keyof typeof VENDOR_NAMESPACES)[]> = {
  camunda7: [],
  camunda8: [],
  flowable: ['activiti', 'camunda7'],
  activiti: ['camunda7'],
  standard: [],
};
const DIALECT_LABEL: Record<Dialect, string> = {
  camunda7: 'Camunda 7',
  camunda8: 'Camunda 8',
  flowable: 'Flowable',
  activiti: 'Activiti',
  standard: 'standard BPMN',
};

const AUTOMATIC_TASKS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:ScriptTask', 'bpmn:BusinessRuleTask', 'bpmn:ManualTask', 'bpmn:Task']);
/** Notation the engine reads past: data, annotations and associations carry no behaviour. */
const NOTATION = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference', 'bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group']);
const UNSUPPORTED: Record<string, string> = {
  'bpmn:EventBasedGateway': 'an event-based gateway waits for messages or signals, which the engine does not receive',
  'bpmn:InclusiveGateway': 'an inclusive gateway is not supported: use an exclusive or a parallel gateway',
  'bpmn:ComplexGateway': 'a complex gateway is not supported: use an exclusive or a parallel gateway',
  'bpmn:ReceiveTask': 'a receive task waits for a message, which the engine does not receive',
  'bpmn:Transaction': 'a transaction (with compensation) is not supported',
  'bpmn:AdHocSubProcess': 'an ad-hoc sub-process is not supported',
  'bpmn:ImplicitThrowEvent': 'an implicit throw event is not supported',
};
const EVENT_KIND: Record<string, string> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:CancelEventDefinition': 'cancel',
};
const ACTIVITY_KINDS = new Set<FlowNode['kind']>(['userTask', 'automatic', 'subProcess', 'callActivity']);

/**
 * Reads a BPMN 2.0 file into the executable model of each of its executable processes, and says
 * everything that would stop the engine from running it (problems: the deploy is refused, all of
 * them listed at once) or that it reads past (warnings). Never throws on bad input.
 */
export async function readDefinitions(xml: string, checks: ExpressionChecks): Promise<DefinitionsReading> {
  const locator = new LineLocator(xml);
  const doctype = /<!DOCTYPE/i.exec(xml);
  if (doctype !== null)
    return refused({
      elementId: null,
      type: 'bpmn:Definitions',
      line: locator.lineAt(doctype.index),
      message: 'the file declares a DOCTYPE, which BPMN files never need; it is refused because entity declarations can expand without limit',
    });
  const dialect = detectDialect(xml);
  let result: ModdleResult;
  try {
    result = await readerFor(dialect).fromXML(xml, 'bpmn:Definitions');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return refused({
      elementId: null,
      type: 'bpmn:Definitions',
      line: lineInMessage(message),
      message: `the file is not well-formed XML: ${firstLine(message)}`,
    });
  }
  const namespaces = declaredNamespaces(xml);
  const problems: DeployProblem[] = [];
  const warnings: DeployProblem[] = [];
  const unresolved = new Set<string>();
  for (const warning of result.warnings) {
    const element = isElement(warning.element) ? warning.element : null;
    const elementId = element === null ? null : text(element, 'id');
    if (/unparsable content/.test(warning.message)) {
      const line = lineInMessage(warning.message);
      const tag = /unparsable content <([^>\s]+)>/.exec(warning.message)?.[1] ?? null;
      problems.push({
        elementId: line === null ? null : locator.idOnLine(line),
        type: tag === null ? 'bpmn:Definitions' : bpmnType(tag, namespaces),
        line,
        message: `the file holds content that cannot be read as BPMN: ${firstLine(warning.message)} (${warning.message.split('\n').at(-1)?.trim() ?? ''})`,
      });
    } else if (/unresolved reference/.test(warning.message) && element !== null && !element.$type.startsWith('bpmndi:')) {
      if (elementId !== null) unresolved.add(elementId);
      const target = /<([^>]*)>/.exec(warning.message)?.[1] ?? '?';
      problems.push({
        elementId,
        type: element.$type,
        line: elementId === null ? null : locator.lineOf(elementId),
        message: `${describe(element)} refers to ${target}, and no element has that id`,
      });
    } else {
      warnings.push({
        elementId,
        type: element?.$type ?? 'bpmn:Definitions',
        line: elementId === null ? lineInMessage(warning.message) : locator.lineOf(elementId),
        message: firstLine(warning.message),
      });
    }
  }
  const definitions = isElement(result.rootElement) ? result.rootElement : null;
  if (definitions === null || definitions.$type !== 'bpmn:Definitions') {
    problems.push({ elementId: null, type: 'bpmn:Definitions', line: null, message: 'the file is not a BPMN 2.0 definitions document' });
    return { processes: [], problems, warnings };
  }
  const allProcesses = elements(definitions, 'rootElements').filter((element) => element.$type === 'bpmn:Process');
  const executable = allProcesses.length === 1 ? allProcesses : allProcesses.filter((process) => process.isExecutable === true);
  if (executable.length === 0) {
    problems.push({
      elementId: null,
      type: 'bpmn:Definitions',
      line: null,
      message:
        allProcesses.length === 0
          ? 'the file holds no process'
          : `none of its ${allProcesses.length} processes is executable: mark the one to run with isExecutable="true"`,
    });
  }
  const context: ReadContext = { dialect, checks, locator, problems, warnings, unresolved, namespaces };
  const processes = executable.map((process) => new ProcessReader(context, process).read());
  return { processes, problems, warnings };
}

const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** `tramita:iniciacion` (Ley 39/2015 art. 54: a solicitud or de oficio). */
const INITIATIONS: Record<string, ProcedurePlazoModel['iniciacion']> = { solicitud: 'SOLICITUD', oficio: 'OFICIO', 'de-oficio': 'OFICIO' };
/** `tramita:efectoVencimiento` (arts. 24, 25): what the expiry of the maximum plazo means. */
const EXPIRY_EFFECTS: Record<string, ProcedurePlazoModel['efectoVencimiento']> = {
  'silencio-positivo': 'SILENCIO_POSITIVO',
  'silencio-negativo': 'SILENCIO_NEGATIVO',
  caducidad: 'CADUCIDAD',
};
/** A tag as written (`semantic:userTask`, `userTask`) named as a BPMN type (`bpmn:UserTask`) when it is in the BPMN namespace. */
function bpmnType(tag: string, namespaces: Map<string, string>): string {
  const colon = tag.indexOf(':');
  const prefix = colon === -1 ? '' : tag.slice(0, colon);
  const local = tag.slice(colon + 1);
  return namespaces.get(prefix) === BPMN_MODEL ? `bpmn:${local.charAt(0).toUpperCase()}${local.slice(1)}` : tag;
}

function refused(problem: DeployProblem): DefinitionsReading {
  return { processes: [], problems: [problem], warnings: [] };
}

interface ReadContext {
  dialect: Dialect;
  checks: ExpressionChecks;
  locator: LineLocator;
  problems: DeployProblem[];
  warnings: DeployProblem[];
  /** Elements moddle already reported a dangling reference for (not reported twice). */
  unresolved: Set<string>;
  /** Prefix → namespace URI, as the file declares them. */
  namespaces: Map<string, string>;
}

/** Reads one executable process: its nodes and flows, nested sub-processes included, and what is wrong with them. */
class ProcessReader {
  private readonly nodes: Record<string, FlowNode> = {};
  private readonly flows: Record<string, SequenceFlowModel> = {};
  private readonly flowElements = new Map<string, ModdleElement>();
  private readonly nodeElements = new Map<string, ModdleElement>();
  /** Node id → the name of the (innermost) lane that holds it. */
  private readonly lanes = new Map<string, string>();
  private readonly starts = new Map<string, string[]>();
  /** Nodes with a flow leading to an element refused above. */
  private readonly touchingRefused = new Set<string>();

  private readonly context: ReadContext;
  private readonly process: ModdleElement;

  constructor(context: ReadContext, process: ModdleElement) {
    this.context = context;
    this.process = process;
  }

  read(): ProcessModel {
    const id = text(this.process, 'id') ?? '';
    this.readLanes(this.process);
    this.readScope(this.process, id);
    this.connectFlows();
    this.checkScope(this.process, id);
    this.checkNodes();
    return {
      id,
      name: text(this.process, 'name'),
      dialect: this.context.dialect,
      start: this.starts.get(id)?.[0] ?? '',
      nodes: this.nodes,
      flows: this.flows,
      plazo: this.procedurePlazo(),
    };
  }

  private problem(element: ModdleElement, message: string, type: string = element.$type): void {
    const elementId = text(element, 'id');
    this.context.problems.push({ elementId, type, line: elementId === null ? null : this.context.locator.lineOf(elementId), message });
  }

  private warning(element: ModdleElement, message: string): void {
    const elementId = text(element, 'id');
    this.context.warnings.push({ elementId, type: element.$type, line: elementId === null ? null : this.context.locator.lineOf(elementId), message });
  }

  private readLanes(container: ModdleElement): void {
    const visit = (laneSet: ModdleElement): void => {
      for (const lane of elements(laneSet, 'lanes')) {
        const name = text(lane, 'name');
        if (name !== null) for (const node of elements(lane, 'flowNodeRef')) this.lanes.set(text(node, 'id') ?? '', name);
        const child = element(lane, 'childLaneSet');
        if (child !== null) visit(child);
      }
    };
    for (const laneSet of elements(container, 'laneSets')) visit(laneSet);
  }

  private readScope(container: ModdleElement, scope: string): void {
    this.starts.set(scope, []);
    for (const item of elements(container, 'flowElements')) {
      const id = text(item, 'id');
      if (id === null) {
        if (!NOTATION.has(item.$type)) this.problem(item, `${describe(item)} has no id`);
        continue;
      }
      this.warnIgnoredVendorData(item);
      if (item.$type === 'bpmn:SequenceFlow') {
        this.flowElements.set(id, item);
        continue;
      }
      if (NOTATION.has(item.$type)) continue;
      this.checkLoop(item);
      const node = this.readNode(item, id, scope);
      if (node === null) continue;
      this.nodes[id] = node;
      this.nodeElements.set(id, item);
      if (node.kind === 'start') this.starts.get(scope)?.push(id);
      if (node.kind === 'subProcess') {
        this.readScope(item, id);
        node.start = this.starts.get(id)?.[0] ?? '';
        this.checkScope(item, id);
      }
    }
  }

  private checkLoop(item: ModdleElement): void {
    const loop = element(item, 'loopCharacteristics');
    if (loop === null) return;
    const what = loop.$type === 'bpmn:MultiInstanceLoopCharacteristics' ? 'multi-instance' : 'loop';
    this.problem(item, `${describe(item)} is marked ${what} (${loop.$type}), which the engine does not run: model the repetition with a gateway`, loop.$type);
  }

  private checkScope(container: ModdleElement, scope: string): void {
    const starts = this.starts.get(scope) ?? [];
    if (starts.length === 0) this.problem(container, `${describe(container)} has no none start event: it needs exactly one`);
    else if (starts.length > 1)
      this.problem(container, `${describe(container)} has ${starts.length} none start events (${starts.join(', ')}): it needs exactly one`);
  }

  /** The node for an element of the subset, or null after reporting why the element is refused. */
  private readNode(item: ModdleElement, id: string, scope: string): FlowNode | null {
    const base = { id, name: text(item, 'name'), scope, incoming: [] as string[], outgoing: [] as string[] };
    const unsupported = UNSUPPORTED[item.$type];
    if (unsupported !== undefined) {
      this.problem(item, `${describe(item)}: ${unsupported}`);
      this.reportInside(item, id);
      return null;
    }
    const definitions = this.eventDefinitions(item);
    const kinds = definitions.map((definition) => EVENT_KIND[definition.$type] ?? definition.$type);
    if (definitions.length > 1) {
      this.problem(item, `${describe(item)} has several event definitions (${kinds.join(', ')}), which the engine does not run`);
      return null;
    }
    const kind = kinds[0] ?? null;
    const definition = definitions[0] ?? null;
    switch (item.$type) {
      case 'bpmn:StartEvent':
        if (kind !== null) return this.refuseEvent(item, `${article(kind)} start event`, 'an instance starts through the API, at a none start event');
        return { ...base, kind: 'start', initiator: this.attribute(item, 'initiator') };
      case 'bpmn:EndEvent':
        if (kind === null) return { ...base, kind: 'end', terminate: false };
        if (kind === 'terminate') return { ...base, kind: 'end', terminate: true };
        return this.refuseEvent(item, `${article(kind)} end event`, 'use a none or a terminate end event');
      case 'bpmn:IntermediateThrowEvent':
        if (kind === null) return { ...base, kind: 'throw' };
        return this.refuseEvent(item, `${article(kind)} intermediate throw event`, 'only none intermediate throw events pass through');
      case 'bpmn:IntermediateCatchEvent':
        if (kind === 'timer' && definition !== null) {
          const timer = this.timer(item, definition);
          return timer === null ? null : { ...base, kind: 'timerCatch', timer };
        }
        return this.refuseEvent(item, `${article(kind ?? 'none')} intermediate catch event`, 'only timer catch events wait in the flow');
      case 'bpmn:BoundaryEvent':
        return this.readBoundary(item, base, kind, definition);
      case 'bpmn:UserTask':
        return { ...base, kind: 'userTask', boundaries: [], ...this.readUserTask(item, scope) };
      case 'bpmn:ExclusiveGateway': {
        const defaultFlow = element(item, 'default');
        return { ...base, kind: 'exclusiveGateway', defaultFlow: defaultFlow === null ? null : text(defaultFlow, 'id') };
      }
      case 'bpmn:ParallelGateway':
        return { ...base, kind: 'parallelGateway' };
      case 'bpmn:SubProcess':
        if (item.triggeredByEvent === true) {
          this.refuseEvent(item, 'an event sub-process', 'model the reaction with a boundary event instead');
          this.reportInside(item, id);
          return null;
        }
        return { ...base, kind: 'subProcess', boundaries: [], start: '' };
      case 'bpmn:CallActivity': {
        const calledElement = this.calledElement(item);
        if (calledElement === null) this.problem(item, `${describe(item)} names no called process (calledElement)`);
        return { ...base, kind: 'callActivity', boundaries: [], calledElement: calledElement ?? '' };
      }
      default:
        if (AUTOMATIC_TASKS.has(item.$type)) return { ...base, kind: 'automatic', boundaries: [], bpmnType: item.$type };
        this.problem(item, `${describe(item)} is not an element the engine runs`);
        return null;
    }
  }

  /** What a refused container holds is refused with it, but each element the engine would not run is still named, so one deploy lists everything. */
  private reportInside(container: ModdleElement, scope: string): void {
    for (const item of elements(container, 'flowElements')) {
      const id = text(item, 'id');
      if (id === null || item.$type === 'bpmn:SequenceFlow' || NOTATION.has(item.$type)) continue;
      this.checkLoop(item);
      const node = this.readNode(item, id, scope);
      if (node?.kind === 'subProcess') this.reportInside(item, id);
    }
  }

  private refuseEvent(item: ModdleElement, what: string, advice: string): null {
    this.problem(item, `${describe(item)} is ${what}, which the engine does not run: ${advice}`);
    return null;
  }

  private readBoundary(
    item: ModdleElement,
    base: { id: string; name: string | null; scope: string; incoming: string[]; outgoing: string[] },
    kind: string | null,
    definition: ModdleElement | null,
  ): FlowNode | null {
    const attached = element(item, 'attachedToRef');
    const attachedTo = attached === null ? null : text(attached, 'id');
    if (attachedTo === null) {
      if (!this.context.unresolved.has(base.id)) this.problem(item, `${describe(item)} is attached to no activity (attachedToRef)`);
      return null;
    }
    if (kind === 'timer' && definition !== null) {
      const timer = this.timer(item, definition);
      return timer === null ? null : { ...base, kind: 'timerBoundary', attachedTo, interrupting: item.cancelActivity !== false, timer };
    }
    if (kind === 'error' && definition !== null) {
      if (attached?.$type !== 'bpmn:UserTask')
        return this.refuseEvent(item, `an error boundary event on ${describe(attached ?? item)}`, 'errors are thrown only when a person completes a user task');
      const error = element(definition, 'errorRef');
      return { ...base, kind: 'errorBoundary', attachedTo, errorCode: error === null ? null : text(error, 'errorCode') };
    }
    return this.refuseEvent(item, `${article(kind ?? 'none')} boundary event`, 'only timer boundary events, and error boundary events on user tasks, are run');
  }

  private eventDefinitions(item: ModdleElement): ModdleElement[] {
    return [...elements(item, 'eventDefinitions'), ...elements(item, 'eventDefinitionRef')];
  }

  private timer(item: ModdleElement, definition: ModdleElement): TimerDefinition | null {
    const forms = [
      ['duration', element(definition, 'timeDuration')],
      ['date', element(definition, 'timeDate')],
      ['cycle', element(definition, 'timeCycle')],
    ] as const;
    const written = forms.filter(([, expression]) => expression !== null);
    // A plazo in legal units on the event (ADR 0016) replaces the timer's ISO value.
    const plazo = text(item, 'plazo');
    if (plazo !== null) {
      if (written.length > 0) {
        this.problem(
          item,
          `${describe(item)}: tramita:plazo states when the timer fires, so its timer must not also have ${written.map(([form]) => form).join(', ')}`,
        );
        return null;
      }
      const timer: TimerDefinition = { form: 'plazo', text: plazo, calendar: null };
      const problem = this.context.checks.timer(timer);
      if (problem !== null) this.problem(item, `${describe(item)}: its plazo ${JSON.stringify(plazo)} cannot be used: ${problem}`);
      return timer;
    }
    if (written.length !== 1) {
      this.problem(item, `${describe(item)}: a timer needs exactly one of timeDuration, timeDate or timeCycle, and this one has ${written.length}`);
      return null;
    }
    const [form, expression] = written[0] ?? forms[0];
    const calendar = text(item, 'calendar') ?? this.vendorCalendar(definition);
    const timer: TimerDefinition = { form, text: expression === null ? '' : (text(expression, 'body') ?? ''), calendar };
    const problem = this.context.checks.timer(timer);
    if (problem !== null) this.problem(item, `${describe(item)}: its timer ${JSON.stringify(timer.text)} cannot be used: ${problem}`);
    return timer;
  }

  private vendorCalendar(item: ModdleElement): string | null {
    return this.context.dialect === 'flowable' || this.context.dialect === 'activiti' ? this.attribute(item, 'businessCalendarName') : null;
  }

  private calledElement(item: ModdleElement): string | null {
    if (this.context.dialect === 'camunda8') {
      const called = this.zeebe(item, 'zeebe:CalledElement');
      const processId = called === null ? null : text(called, 'processId');
      if (processId !== null) return processId;
    }
    return text(item, 'calledElement');
  }

  private readUserTask(item: ModdleElement, scope: string): Omit<UserTaskNode, 'id' | 'name' | 'scope' | 'incoming' | 'outgoing' | 'kind' | 'boundaries'> {
    const id = text(item, 'id') ?? '';
    const documentation = elements(item, 'documentation')
      .map((entry) => text(entry, 'text'))
      .filter((entry) => entry !== null)
      .join('\n');
    let dueDate: string | null;
    let priority: string | null;
    let formKey: string | null;
    if (this.context.dialect === 'camunda8') {
      const schedule = this.zeebe(item, 'zeebe:TaskSchedule');
      const priorityDefinition = this.zeebe(item, 'zeebe:PriorityDefinition');
      const form = this.zeebe(item, 'zeebe:FormDefinition');
      dueDate = schedule === null ? null : text(schedule, 'dueDate');
      priority = priorityDefinition === null ? null : text(priorityDefinition, 'priority');
      formKey = form === null ? null : (text(form, 'formKey') ?? text(form, 'formId') ?? text(form, 'externalReference'));
    } else {
      dueDate = this.attribute(item, 'dueDate');
      priority = this.attribute(item, 'priority');
      formKey = this.attribute(item, 'formKey') ?? this.attribute(item, 'formRef');
    }
    const assignment = this.assignment(item, id, scope);
    for (const [what, value] of [
      ['assignee', assignment.assignee],
      ...assignment.candidateUsers.map((user) => ['candidate users', user] as const),
      ...assignment.candidateGroups.map((group) => ['candidate groups', group] as const),
      ['due date', dueDate],
      ['priority', priority],
    ] as const) {
      const problem = value === null ? null : this.context.checks.value(value);
      if (problem !== null) this.problem(item, `${describe(item)}: its ${what} ${JSON.stringify(value)} cannot be used: ${problem}`);
    }
    if (assignment.source === 'none')
      this.warning(
        item,
        `${describe(item)} names no assignee, candidate users or groups and lies in no named lane: anyone who may work on the case may take it`,
      );
    return {
      assignment,
      dueDate,
      priority,
      formKey,
      documentation: documentation === '' ? null : documentation,
      calendar: text(item, 'calendar') ?? this.vendorCalendar(item),
      plazo: this.taskPlazo(item, dueDate),
    };
  }

  /** `tramita:plazo` on a user task: its due date in legal units (ADR 0016), instead of a dueDate. */
  private taskPlazo(item: ModdleElement, dueDate: string | null): string | null {
    const plazo = text(item, 'plazo');
    if (plazo === null) return null;
    const parsed = parseLegalDuration(plazo);
    if (!parsed.ok) this.problem(item, `${describe(item)}: its plazo ${JSON.stringify(plazo)} cannot be used: ${parsed.message}`);
    else if (dueDate !== null) this.problem(item, `${describe(item)}: it states both a due date and tramita:plazo; keep one`);
    return plazo;
  }

  /** The process element's plazo attributes (ADR 0016): its maximum plazo, initiation, effect of expiry and who manages them. */
  private procedurePlazo(): ProcedurePlazoModel | null {
    const maximo = text(this.process, 'plazoMaximo');
    const iniciacion = text(this.process, 'iniciacion');
    const efecto = text(this.process, 'efectoVencimiento');
    const gestores = listOf(text(this.process, 'gestoresPlazo'));
    if (maximo === null && iniciacion === null && efecto === null && gestores.length === 0) return null;
    if (maximo !== null) {
      const parsed = parseLegalDuration(maximo);
      if (!parsed.ok)
        this.problem(this.process, `${describe(this.process)}: its tramita:plazoMaximo ${JSON.stringify(maximo)} cannot be used: ${parsed.message}`);
    }
    const start = INITIATIONS[(iniciacion ?? '').toLowerCase()];
    if (iniciacion !== null && start === undefined)
      this.problem(this.process, `${describe(this.process)}: tramita:iniciacion is ${JSON.stringify(iniciacion)}; write solicitud or oficio`);
    const effect = EXPIRY_EFFECTS[(efecto ?? '').toLowerCase()];
    if (efecto !== null && effect === undefined)
      this.problem(
        this.process,
        `${describe(this.process)}: tramita:efectoVencimiento is ${JSON.stringify(efecto)}; write silencio-positivo, silencio-negativo or caducidad`,
      );
    // Art. 25.1: a de oficio procedure has no positive silence (a); caducidad by expiry is for de oficio procedures (b), a requested one lapses only after the art. 95 warning.
    if ((start ?? 'SOLICITUD') === 'SOLICITUD' && effect === 'CADUCIDAD')
      this.problem(
        this.process,
        `${describe(this.process)}: caducidad on expiry applies to procedures started de oficio (art. 25.1.b); add tramita:iniciacion="oficio"`,
      );
    if (start === 'OFICIO' && effect === 'SILENCIO_POSITIVO')
      this.problem(this.process, `${describe(this.process)}: a procedure started de oficio has no positive silence (art. 25.1.a)`);
    return { maximo, iniciacion: start ?? null, efectoVencimiento: effect ?? null, gestores };
  }

  private assignment(item: ModdleElement, id: string, scope: string): TaskAssignment {
    let assignee: string | null;
    let candidateUsers: string | null;
    let candidateGroups: string | null;
    if (this.context.dialect === 'camunda8') {
      const definition = this.zeebe(item, 'zeebe:AssignmentDefinition');
      assignee = definition === null ? null : text(definition, 'assignee');
      candidateUsers = definition === null ? null : text(definition, 'candidateUsers');
      candidateGroups = definition === null ? null : text(definition, 'candidateGroups');
    } else {
      assignee = this.attribute(item, 'assignee');
      candidateUsers = this.attribute(item, 'candidateUsers');
      candidateGroups = this.attribute(item, 'candidateGroups');
    }
    if (assignee !== null || candidateUsers !== null || candidateGroups !== null)
      return { assignee, candidateUsers: listOf(candidateUsers), candidateGroups: listOf(candidateGroups), source: 'extension' };
    const standard = standardAssignment(item);
    if (standard !== null) return standard;
    const lane = this.laneOf(id, scope);
    if (lane !== null) return { assignee: null, candidateUsers: [], candidateGroups: [lane], source: 'lane' };
    return { assignee: null, candidateUsers: [], candidateGroups: [], source: 'none' };
  }

  /** The lane holding the node, or the one holding its enclosing sub-process (lanes list only top-level nodes). */
  private laneOf(id: string, scope: string): string | null {
    const own = this.lanes.get(id);
    if (own !== undefined) return own;
    const enclosing = this.nodes[scope];
    return enclosing === undefined ? null : this.laneOf(scope, enclosing.scope);
  }

  /** A vendor attribute in the file's dialect (with Flowable's fallbacks to `activiti:` and `camunda:`). */
  private attribute(item: ModdleElement, name: string): string | null {
    if (this.context.dialect === 'standard' || this.context.dialect === 'camunda8') return null;
    const own = text(item, name);
    if (own !== null) return own;
    for (const fallback of FALLBACKS[this.context.dialect]) {
      const value = this.attributeIn(item, VENDOR_NAMESPACES[fallback], name);
      if (value !== null) return value;
    }
    return null;
  }

  private attributeIn(item: ModdleElement, uri: string, name: string): string | null {
    for (const [prefix, bound] of this.context.namespaces) {
      if (bound !== uri || prefix === '') continue;
      const value = item.$attrs?.[`${prefix}:${name}`];
      if (typeof value === 'string' && value.trim() !== '') return value.trim();
    }
    return null;
  }

  private zeebe(item: ModdleElement, type: string): ModdleElement | null {
    const extensions = element(item, 'extensionElements');
    return (extensions === null ? [] : elements(extensions, 'values')).find((value) => value.$type === type) ?? null;
  }

  /** Attributes and extension elements of another tool than the file's are read past: said, so nobody expects them to act. */
  private warnIgnoredVendorData(item: ModdleElement): void {
    const dialect = this.context.dialect;
    const read = new Set<string>(
      dialect === 'standard' ? [] : [VENDOR_NAMESPACES[dialect], ...FALLBACKS[dialect].map((fallback) => VENDOR_NAMESPACES[fallback])],
    );
    const foreign = new Set<string>(Object.values(VENDOR_NAMESPACES).filter((uri) => !read.has(uri)));
    const foreignPrefix = (name: string): boolean => {
      const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : '';
      const uri = this.context.namespaces.get(prefix);
      return uri !== undefined && foreign.has(uri);
    };
    const extensions = element(item, 'extensionElements');
    const ignored = [
      ...Object.keys(item.$attrs ?? {}).filter((name) => !name.startsWith('xmlns') && foreignPrefix(name)),
      ...(extensions === null ? [] : elements(extensions, 'values')).map((value) => value.$type).filter((type) => foreignPrefix(type)),
    ];
    if (ignored.length > 0)
      this.warning(item, `${describe(item)} carries ${ignored.join(', ')}, which the engine ignores: the file is read as ${DIALECT_LABEL[dialect]}`);
  }

  /** Gives every node its incoming and outgoing flows (document order) and every boundary to its activity; checks the flows. */
  private connectFlows(): void {
    for (const [id, item] of this.flowElements) {
      const source = element(item, 'sourceRef');
      const target = element(item, 'targetRef');
      const sourceId = source === null ? null : text(source, 'id');
      const targetId = target === null ? null : text(target, 'id');
      if (sourceId === null || targetId === null) {
        if (!this.context.unresolved.has(id)) this.problem(item, `${describe(item)} needs both a source (sourceRef) and a target (targetRef)`);
        continue;
      }
      const sourceNode = this.nodes[sourceId];
      const targetNode = this.nodes[targetId];
      // A flow touching an element refused above says nothing more, and its other end is not reported as a dead end.
      if (sourceNode === undefined || targetNode === undefined) {
        if (sourceNode !== undefined) this.touchingRefused.add(sourceId);
        continue;
      }
      if (sourceNode.scope !== targetNode.scope) {
        this.problem(item, `${describe(item)} crosses the border of a sub-process (from ${sourceId} to ${targetId}): flows stay inside their scope`);
        continue;
      }
      const condition = element(item, 'conditionExpression');
      // Scripts are never run (only the comparison subset is): a condition in a script language is refused, not read as text.
      const language = condition === null ? null : text(condition, 'language');
      if (language !== null && !/^(juel|feel|uel|jexl|http:\/\/www\.omg\.org\/spec\/feel\/.*)$/i.test(language.trim())) {
        this.problem(item, `${describe(item)} has a condition in ${language}: scripts are not run; write it as a comparison (\${…} or =…)`);
      }
      const candidateGroups = text(item, 'candidateGroups');
      this.flows[id] = {
        id,
        name: text(item, 'name'),
        source: sourceId,
        target: targetId,
        condition: condition === null ? null : (text(condition, 'body') ?? ''),
        candidateGroups: listOf(candidateGroups),
        unit: text(item, 'unit'),
      };
      sourceNode.outgoing.push(id);
      targetNode.incoming.push(id);
    }
    for (const node of Object.values(this.nodes)) {
      if (node.kind !== 'timerBoundary' && node.kind !== 'errorBoundary') continue;
      const activity = this.nodes[node.attachedTo];
      const element = this.nodeElements.get(node.id);
      if (activity === undefined || element === undefined) continue;
      if (!ACTIVITY_KINDS.has(activity.kind) || !('boundaries' in activity)) {
        this.problem(element, `${describe(element)} is attached to ${activity.id}, which is not an activity`);
        continue;
      }
      if (activity.scope !== node.scope)
        this.problem(element, `${describe(element)} lies in another scope than ${activity.id}, the activity it is attached to`);
      activity.boundaries.push(node.id);
    }
  }

  private checkNodes(): void {
    for (const flow of Object.values(this.flows)) {
      if (flow.condition === null) continue;
      const item = this.flowElements.get(flow.id);
      const source = this.nodes[flow.source];
      if (item === undefined || source === undefined) continue;
      if (source.kind !== 'exclusiveGateway') {
        this.problem(
          item,
          source.kind === 'parallelGateway'
            ? `${describe(item)} leaves a parallel gateway with a condition: a parallel gateway takes every flow, so the condition would be ignored`
            : `${describe(item)} carries a condition but does not leave an exclusive gateway: put an exclusive gateway after ${source.id}`,
        );
        continue;
      }
      const problem = this.context.checks.condition(flow.condition);
      if (problem !== null) this.problem(item, `${describe(item)}: its condition ${JSON.stringify(flow.condition)} cannot be used: ${problem}`);
    }
    for (const node of Object.values(this.nodes)) {
      const item = this.nodeElements.get(node.id);
      if (item === undefined) continue;
      if (node.kind !== 'end' && node.outgoing.length === 0 && !this.touchingRefused.has(node.id))
        this.problem(item, `${describe(item)} has no outgoing sequence flow: only end events may end a path`);
      if ((node.kind === 'start' || node.kind === 'timerBoundary' || node.kind === 'errorBoundary') && node.incoming.length > 0)
        this.problem(item, `${describe(item)} has an incoming sequence flow, which a ${node.kind === 'start' ? 'start' : 'boundary'} event cannot have`);
      if (node.kind !== 'exclusiveGateway') continue;
      if (node.defaultFlow !== null && !node.outgoing.includes(node.defaultFlow))
        this.problem(item, `${describe(item)} names ${node.defaultFlow} as its default flow, which is not one of its outgoing flows`);
      if (node.outgoing.length > 1) {
        const unconditioned = node.outgoing.filter((id) => id !== node.defaultFlow && this.flows[id]?.condition == null);
        if (unconditioned.length > 0)
          this.problem(
            item,
            `${describe(item)} has ${node.outgoing.length} outgoing flows, and ${unconditioned.join(', ')} ${unconditioned.length === 1 ? 'has' : 'have'} no condition and ${unconditioned.length === 1 ? 'is' : 'are'} not the default flow: the engine could not choose`,
          );
      }
    }
  }
}

/** Who the standard potentialOwner / humanPerformer name: `user(x)`, `group(x)`, or a bare name (a group for a potential owner). */
function standardAssignment(item: ModdleElement): TaskAssignment | null {
  let assignee: string | null = null;
  const candidateUsers: string[] = [];
  const candidateGroups: string[] = [];
  for (const resource of elements(item, 'resources')) {
    const assignment = element(resource, 'resourceAssignmentExpression');
    const expression = assignment === null ? null : element(assignment, 'expression');
    const body = expression === null ? null : text(expression, 'body');
    if (body === null) continue;
    const performer = resource.$type === 'bpmn:HumanPerformer' || resource.$type === 'bpmn:Performer';
    const entries = isExpression(body) ? [{ kind: performer ? 'user' : 'group', name: body }] : parseResourceList(body);
    for (const entry of entries) {
      if (performer && entry.kind !== 'group' && assignee === null) assignee = entry.name;
      else if (entry.kind === 'user') candidateUsers.push(entry.name);
      else candidateGroups.push(entry.name);
    }
  }
  if (assignee === null && candidateUsers.length === 0 && candidateGroups.length === 0) return null;
  return { assignee, candidateUsers, candidateGroups, source: 'standard' };
}

function parseResourceList(body: string): { kind: 'user' | 'group' | 'bare'; name: string }[] {
  const entries: { kind: 'user' | 'group' | 'bare'; name: string }[] = [];
  for (const match of body.matchAll(/\s*(?:(user|group)\s*\(([^)]*)\)|([^,]+))\s*(?:,|$)/g)) {
    const kind = match[1] === 'user' ? 'user' : match[1] === 'group' ? 'group' : 'bare';
    const name = (match[2] ?? match[3] ?? '').trim();
    if (name !== '') entries.push({ kind, name });
  }
  return entries;
}

/** A comma list as written, trimmed; an expression (`${…}`, `#{…}`, `=…`) stays whole, resolved when the element is reached. */
function listOf(value: string | null): string[] {
  if (value === null) return [];
  if (isExpression(value)) return [value];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function isExpression(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.startsWith('${') || trimmed.startsWith('#{') || trimmed.startsWith('=');
}

function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}

function describe(item: ModdleElement): string {
  const kind = item.$type
    .replace(/^bpmn:/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace('sub process', 'sub-process')
    .replace('event based', 'event-based')
    .replace('ad hoc', 'ad-hoc');
  const id = text(item, 'id');
  const name = text(item, 'name');
  return `the ${kind}${id === null ? '' : ` ${id}`}${name === null ? '' : ` "${name}"`}`;
}

function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}
function text(item: ModdleElement, property: string): string | null {
  const value = item[property];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
function element(item: ModdleElement, property: string): ModdleElement | null {
  const value = item[property];
  return isElement(value) ? value : null;
}
function elements(item: ModdleElement, property: string): ModdleElement[] {
  const value = item[property];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** moddle's messages carry a 0-based `line: n`. */
function lineInMessage(message: string): number | null {
  const match = /line: (\d+)/.exec(message);
  return match?.[1] === undefined ? null : Number(match[1]) + 1;
}
function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

/**
 * Finds where an element starts in the raw file, by its id attribute (any prefix, either quote
 * style), so every problem points at a line a person can open. Comments and CDATA are blanked out
 * first, keeping offsets, so a tag quoted there is not taken for the element.
 */
class LineLocator {
  private readonly lineStarts: number[] = [0];
  private readonly ids = new Map<string, number>();
  private readonly byLine = new Map<number, string>();

  constructor(xml: string) {
    for (let index = 0; index < xml.length; index++) if (xml.charCodeAt(index) === 10) this.lineStarts.push(index + 1);
    const blank = (match: string): string => match.replace(/[^\n]/g, ' ');
    const visible = xml.replace(/<!--[\s\S]*?-->/g, blank).replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, blank);
    const tag = /<[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?((?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?>/g;
    for (const match of visible.matchAll(tag)) {
      const id = /(?:^|\s)id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(match[1] ?? '');
      const value = id?.[1] ?? id?.[2];
      if (value === undefined || this.ids.has(value)) continue;
      this.ids.set(value, match.index);
      const line = this.lineAt(match.index);
      if (!this.byLine.has(line)) this.byLine.set(line, value);
    }
  }

  lineOf(id: string): number | null {
    const offset = this.ids.get(id);
    return offset === undefined ? null : this.lineAt(offset);
  }

  /** The id of the first element starting on a line, if any. */
  idOnLine(line: number): string | null {
    return this.byLine.get(line) ?? null;
  }

  lineAt(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }
}

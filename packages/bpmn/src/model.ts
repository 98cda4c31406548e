/**
 * The executable model of one BPMN 2.0 process: what the engine needs from a deployed file, read
 * once at deploy time (read-definitions.ts) and executed by execute.ts. Plain JSON, so bpm can
 * store it beside the XML it came from. Expressions (conditions, assignments, timer values, due
 * dates) stay as written and are resolved when the element is reached, against the variables then.
 */

/** Which tool's extension attributes a file carries (bpmn-subset.md §3.5). */
export type Dialect = 'camunda7' | 'camunda8' | 'flowable' | 'activiti' | 'standard';

/** A timer as written: its form and its text (an ISO 8601 value, a cycle, or an expression). */
export interface TimerDefinition {
  /** `plazo`: a plazo in legal units (`tramita:plazo="10 días hábiles"`), counted by the host's legal calendar (ADR 0016). */
  form: 'duration' | 'date' | 'cycle' | 'plazo';
  text: string;
  /** A business calendar named by the file (`flowable:businessCalendarName` or Tramita's own attribute); null: calendar time. */
  calendar: string | null;
}

/** Who may work on a user task, as written: values may be expressions, resolved when the task is created. */
export interface TaskAssignment {
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  /** Where it was read: a dialect's attributes, the standard potentialOwner/humanPerformer, the lane's name, or nowhere. */
  source: 'extension' | 'standard' | 'lane' | 'none';
}

interface NodeBase {
  id: string;
  name: string | null;
  /** The enclosing scope: the process id, or the id of the embedded sub-process that holds the node. */
  scope: string;
  /** Sequence-flow ids arriving, in document order. */
  incoming: string[];
  /** Sequence-flow ids leaving, in document order (an exclusive gateway tries them in this order). */
  outgoing: string[];
}

/** Activities that may carry boundary events (their ids, in document order). */
interface ActivityBase extends NodeBase {
  boundaries: string[];
}

export interface StartEventNode extends NodeBase {
  kind: 'start';
  /** The variable that receives the starting user (`camunda:initiator`, `flowable:initiator`); null: none. */
  initiator: string | null;
}
export interface EndEventNode extends NodeBase {
  kind: 'end';
  /** A terminate end event ends the whole instance (every other token is cancelled). */
  terminate: boolean;
}
export interface UserTaskNode extends ActivityBase {
  kind: 'userTask';
  assignment: TaskAssignment;
  /** ISO 8601 date-time, a duration from the task's creation, or an expression yielding either; null: no due date. */
  dueDate: string | null;
  /** An integer or an expression yielding one; null: default priority. */
  priority: string | null;
  formKey: string | null;
  documentation: string | null;
  /** The business calendar the due date counts in; null: calendar time. */
  calendar: string | null;
  /**
   * A plazo in legal units (`tramita:plazo="10 días hábiles"`, Ley 39/2015 art. 30), counted from
   * the task's creation by the host's legal calendar; it sets the due date (ADR 0016). Absent in
   * models read before legal time.
   */
  plazo?: string | null;
}
/** serviceTask, sendTask, scriptTask, businessRuleTask, manualTask and plain task: pass-through steps (T1). */
export interface AutomaticTaskNode extends ActivityBase {
  kind: 'automatic';
  /** The BPMN element type, e.g. `bpmn:ServiceTask`. */
  bpmnType: string;
}
/** A none intermediate throw event: a status marker, passed through. */
export interface ThrowEventNode extends NodeBase {
  kind: 'throw';
}
export interface ExclusiveGatewayNode extends NodeBase {
  kind: 'exclusiveGateway';
  /** The flow taken when no condition holds; null: none (then no true condition is an incident). */
  defaultFlow: string | null;
}
export interface ParallelGatewayNode extends NodeBase {
  kind: 'parallelGateway';
}
export interface SubProcessNode extends ActivityBase {
  kind: 'subProcess';
  /** Its none start event. */
  start: string;
}
export interface CallActivityNode extends ActivityBase {
  kind: 'callActivity';
  /** The called process id (`calledElement`, or `zeebe:calledElement processId`). */
  calledElement: string;
}
export interface TimerCatchNode extends NodeBase {
  kind: 'timerCatch';
  timer: TimerDefinition;
}
export interface TimerBoundaryNode extends NodeBase {
  kind: 'timerBoundary';
  attachedTo: string;
  /** `cancelActivity`, true by default: the activity is cancelled when the timer fires. */
  interrupting: boolean;
  timer: TimerDefinition;
}
export interface ErrorBoundaryNode extends NodeBase {
  kind: 'errorBoundary';
  attachedTo: string;
  /** The `errorCode` of the referenced error; null catches any error. */
  errorCode: string | null;
}

export type FlowNode =
  | StartEventNode
  | EndEventNode
  | UserTaskNode
  | AutomaticTaskNode
  | ThrowEventNode
  | ExclusiveGatewayNode
  | ParallelGatewayNode
  | SubProcessNode
  | CallActivityNode
  | TimerCatchNode
  | TimerBoundaryNode
  | ErrorBoundaryNode;

export interface SequenceFlowModel {
  id: string;
  name: string | null;
  source: string;
  target: string;
  /** The condition's text as written (`${…}`, `#{…}`, `=…` or bare); null: unconditional. */
  condition: string | null;
  /**
   * Tramita's own extension (`tramita:candidateGroups`, `tramita:unit` on the flow): who may choose
   * this way out of the exclusive gateway that follows a user task — how a procedure reserves a
   * decision to a role or a unit (the transitions API). Empty: whoever may complete the task.
   */
  candidateGroups: string[];
  unit: string | null;
}

/** One executable process of a deployed file. */
export interface ProcessModel {
  /** The process id: the procedure's key. */
  id: string;
  name: string | null;
  dialect: Dialect;
  /** The none start event of the process's own scope. */
  start: string;
  /** Every node, nested ones included, by id. */
  nodes: Record<string, FlowNode>;
  /** Every sequence flow, nested ones included, by id. */
  flows: Record<string, SequenceFlowModel>;
  /** What the procedure states about its plazos (attributes of the process element, ADR 0016); absent in models read before legal time. */
  plazo?: ProcedurePlazoModel | null;
}

/**
 * The procedure's maximum plazo to resolve and notify (Ley 39/2015 art. 21), how it starts and
 * what its expiry means, as the file states them (`tramita:plazoMaximo`, `tramita:iniciacion`,
 * `tramita:efectoVencimiento`, `tramita:gestoresPlazo`); null fields: not stated.
 */
export interface ProcedurePlazoModel {
  /** A legal duration such as `6 meses` (art. 21.2); null: the 3 months of art. 21.3. */
  maximo: string | null;
  iniciacion: 'SOLICITUD' | 'OFICIO' | null;
  efectoVencimiento: 'SILENCIO_POSITIVO' | 'SILENCIO_NEGATIVO' | 'CADUCIDAD' | null;
  /** Roles that may suspend, resume and extend the expediente's plazos. */
  gestores: string[];
}

/** Something in a file the engine will not run, or that is wrong: a deploy is refused if there is any. */
export interface DeployProblem {
  /** The element's id, when it has one. */
  elementId: string | null;
  /** Its BPMN type, e.g. `bpmn:InclusiveGateway`. */
  type: string;
  /** 1-based line of the element in the file; null when it cannot be located. */
  line: number | null;
  message: string;
}

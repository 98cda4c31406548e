import { isDir3Code, validationError } from '@tramita/kernel';

/** A phase of a procedure, e.g. INICIAL "Fase inicial". */
export interface PhaseDefinition {
  /** Stable code, upper case (INICIAL). */
  code: string;
  /** Spanish name shown to users. */
  name: string;
  /** Position when phases are listed. */
  ordering: number;
  /** Where every process of this procedure starts (exactly one per definition). */
  initial: boolean;
  /** Entering it finishes the process (no transitions leave it). */
  terminal: boolean;
}

/** A step a user holding `role` may take from phase `from` to phase `to`. */
export interface TransitionDefinition {
  from: string;
  to: string;
  role: string;
  /** When set, only members of this unit (DIR3) of the process's organism may take it (ADR 0013: roles per unit). */
  unit?: string | null;
}

/** One published version of a procedure definition: the workflow as data. */
export interface ProcedureData {
  code: string;
  version: number;
  /** Spanish name, e.g. "Tramitación de expediente". */
  name: string;
  phases: PhaseDefinition[];
  transitions: TransitionDefinition[];
}

/** A code with its Spanish name, as phases travel in messages and responses. */
export interface CodeName {
  code: string;
  name: string;
}

const CODE = /^[A-Z][A-Z0-9_]{0,49}$/;
/** A role or group name as identity providers issue them (roles, Keycloak groups). */
const ROLE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** A validated, immutable procedure definition version. */
export class Procedure {
  readonly code: string;
  readonly version: number;
  readonly name: string;
  readonly phases: readonly PhaseDefinition[];
  readonly transitions: readonly TransitionDefinition[];

  private constructor(data: ProcedureData) {
    this.code = data.code;
    this.version = data.version;
    this.name = data.name;
    this.phases = [...data.phases].sort((a, b) => a.ordering - b.ordering);
    const position = new Map(this.phases.map((p, i) => [p.code, i]));
    const at = (code: string) => position.get(code) ?? Number.MAX_SAFE_INTEGER;
    // Listed by phase order, whatever order they were stored in, so every adapter answers alike.
    this.transitions = [...data.transitions].sort((a, b) => at(a.from) - at(b.from) || at(a.to) - at(b.to));
  }

  /** Validates a new definition; every problem found is reported at once. */
  static define(data: ProcedureData): Procedure {
    const errors = problemsOf(data);
    if (errors.length > 0) {
      throw validationError('invalid-procedure', `The procedure definition is not valid: ${errors.map((e) => e.message).join(' ')}`, {
        errors,
      });
    }
    return new Procedure(data);
  }

  /** Rebuilds a definition that was validated when it was published. */
  static restore(data: ProcedureData): Procedure {
    return new Procedure(data);
  }

  get initialPhase(): PhaseDefinition {
    const initial = this.phases.find((p) => p.initial);
    if (!initial) throw new Error(`Procedure ${this.code} v${this.version} has no initial phase`);
    return initial;
  }

  phase(code: string): PhaseDefinition | undefined {
    return this.phases.find((p) => p.code === code);
  }

  transitionsFrom(phaseCode: string): TransitionDefinition[] {
    return this.transitions.filter((t) => t.from === phaseCode);
  }

  transition(from: string, to: string): TransitionDefinition | undefined {
    return this.transitions.find((t) => t.from === from && t.to === to);
  }

  toData(): ProcedureData {
    return {
      code: this.code,
      version: this.version,
      name: this.name,
      phases: this.phases.map((p) => ({ ...p })),
      transitions: this.transitions.map((t) => ({ ...t })),
    };
  }
}

interface DefinitionProblem {
  path: string;
  message: string;
}

function problemsOf(data: ProcedureData): DefinitionProblem[] {
  const errors: DefinitionProblem[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });
  if (!CODE.test(data.code)) add('code', `Code "${data.code}" must be upper case letters, digits or "_" (max 50).`);
  if (!Number.isInteger(data.version) || data.version < 1) add('version', 'Version must be a positive integer.');
  if (data.name.trim() === '') add('name', 'The name must not be empty.');

  const seen = new Set<string>();
  data.phases.forEach((phase, i) => {
    if (!CODE.test(phase.code)) add(`phases.${i}.code`, `Phase code "${phase.code}" must be upper case letters, digits or "_".`);
    if (seen.has(phase.code)) add(`phases.${i}.code`, `Phase ${phase.code} is defined twice.`);
    seen.add(phase.code);
    if (phase.name.trim() === '') add(`phases.${i}.name`, `Phase ${phase.code} needs a name.`);
    if (phase.initial && phase.terminal) add(`phases.${i}`, `Phase ${phase.code} cannot be both initial and terminal.`);
  });
  const initials = data.phases.filter((p) => p.initial).length;
  if (initials !== 1) add('phases', `Exactly one phase must be initial (found ${initials}).`);
  if (!data.phases.some((p) => p.terminal)) add('phases', 'At least one phase must be terminal.');

  const phases = new Map(data.phases.map((p) => [p.code, p]));
  const pairs = new Set<string>();
  data.transitions.forEach((t, i) => {
    const from = phases.get(t.from);
    if (!from) add(`transitions.${i}.from`, `Transition from unknown phase ${t.from}.`);
    else if (from.terminal) add(`transitions.${i}.from`, `Terminal phase ${t.from} cannot have outgoing transitions.`);
    if (!phases.has(t.to)) add(`transitions.${i}.to`, `Transition to unknown phase ${t.to}.`);
    // Roles are whatever the identity provider issues (ADR 0015): only their form is checked.
    if (!ROLE.test(t.role)) add(`transitions.${i}.role`, `Role "${t.role}" is not a role name (letters, digits, ".", "_", ":" or "-", at most 100).`);
    if (t.unit !== undefined && t.unit !== null && !isDir3Code(t.unit)) add(`transitions.${i}.unit`, `Unit "${t.unit}" is not a DIR3 code.`);
    const pair = `${t.from}->${t.to}`;
    if (pairs.has(pair)) add(`transitions.${i}`, `Transition ${t.from} → ${t.to} is defined twice.`);
    pairs.add(pair);
  });
  return errors;
}

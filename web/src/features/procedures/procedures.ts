import type { BpmnProblem, ProcedureDeploymentResource, ProcedureListResource } from '@tramita/contracts';
import { ApiError, problemKey } from '../api/problem.ts';

export type ProcedureList = ProcedureListResource;
export type ProcedureItem = ProcedureListResource['items'][number];
export type Deployment = ProcedureDeploymentResource;

/** One procedure in one catalogue, as a select's value (the same code may be shared and an organism's own). */
export const procedureKey = (item: Pick<ProcedureItem, 'code' | 'organism'>) => `${item.organism ?? ''}/${item.code}`;

/** The deploy route's query: an organism's catalogue, or none for the shared one. */
export const deployPath = (organism: string) => (organism ? `/api/procedures?${new URLSearchParams({ organism }).toString()}` : '/api/procedures');

const isProblem = (value: unknown): value is BpmnProblem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as BpmnProblem).type === 'string' &&
  typeof (value as BpmnProblem).message === 'string' &&
  ((value as BpmnProblem).elementId === null || typeof (value as BpmnProblem).elementId === 'string') &&
  ((value as BpmnProblem).line === null || typeof (value as BpmnProblem).line === 'number');

/** The elements a refused BPMN file holds that the engine will not run (a 422's `problems`), or null for any other failure. */
export function bpmnProblemsOf(error: unknown): BpmnProblem[] | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const problems = error.body.problems;
  return Array.isArray(problems) ? problems.filter(isProblem) : null;
}

/** Refusals of the procedure routes with a sentence of their own (`procedures.problems.<code>`). */
const OWN = new Set(['bpmn-media-type', 'procedure-not-found', 'procedure-bpmn-not-found', 'procedure-in-another-catalogue', 'procedure-code-ambiguous']);

export function procedureProblemKey(error: unknown): string {
  if (error instanceof ApiError && OWN.has(error.code)) return `procedures.problems.${error.code}`;
  return problemKey(error);
}

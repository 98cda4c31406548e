import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCondition } from './conditions.ts';
import { checkValue } from './expressions.ts';
import type { ProcessModel } from './model.ts';
import { readDefinitions, type ExpressionChecks } from './read-definitions.ts';
import { checkTimer } from './timers.ts';

/**
 * The corpus: BPMN files shaped as the modelling tools of each dialect export them, read with the
 * real expression checks. Runnable files must read cleanly and their run scripts must name real
 * elements; refused files must give exactly the listed problems, each pointing at its element.
 */
const CORPUS = new URL('../corpus/', import.meta.url);
const checks: ExpressionChecks = { condition: checkCondition, value: checkValue, timer: checkTimer };

type Step = { complete: string; variables: Record<string, unknown> } | { fireTimer: string } | { throwError: string; errorCode: string } | { ends: true };
interface Runnable {
  processes: string[];
  needs?: string[];
  run: Step[];
}
interface Refused {
  refused: { elementId: string | null; type: string }[];
}
type Expectation = Runnable | Refused;

const expectations = JSON.parse(readFileSync(new URL('expectations.json', CORPUS), 'utf8')) as Record<string, Expectation>;
const files = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.bpmn'))
  .sort();
const runnable = Object.entries(expectations).filter((entry): entry is [string, Runnable] => 'processes' in entry[1]);
const refused = Object.entries(expectations).filter((entry): entry is [string, Refused] => 'refused' in entry[1]);
const source = (name: string) => readFileSync(new URL(name, CORPUS), 'utf8');

async function processesOf(name: string): Promise<ProcessModel[]> {
  return (await readDefinitions(source(name), checks)).processes;
}

describe('the BPMN corpus', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    expect(Object.keys(expectations).sort()).toEqual(files);
  });

  it('covers each dialect family with at least five files and holds at least six refused ones', () => {
    for (const family of ['c7-', 'c8-', 'std-']) expect(files.filter((name) => name.startsWith(family)).length).toBeGreaterThanOrEqual(5);
    expect(files.filter((name) => name.startsWith('fl-') || name.startsWith('act-')).length).toBeGreaterThanOrEqual(5);
    expect(files.some((name) => name.startsWith('act-'))).toBe(true);
    expect(refused.length).toBeGreaterThanOrEqual(6);
  });

  it('covers every element of the subset across the runnable files', async () => {
    const kinds = new Set<string>();
    const dialects = new Set<string>();
    for (const [name] of runnable)
      for (const process of await processesOf(name)) {
        dialects.add(process.dialect);
        for (const node of Object.values(process.nodes)) {
          kinds.add(node.kind === 'automatic' ? node.bpmnType : node.kind);
          if (node.kind === 'end' && node.terminate) kinds.add('terminate');
          if (node.kind === 'timerBoundary') kinds.add(node.interrupting ? 'timerBoundary:interrupting' : 'timerBoundary:non-interrupting');
          if (node.kind === 'timerBoundary' || node.kind === 'timerCatch') kinds.add(`timer:${node.timer.form}`);
          if (node.kind === 'subProcess' && process.nodes[node.scope]?.kind === 'subProcess') kinds.add('nestedSubProcess');
          if (node.kind === 'userTask') kinds.add(`assignment:${node.assignment.source}`);
        }
      }
    expect([...dialects].sort()).toEqual(['activiti', 'camunda7', 'camunda8', 'flowable', 'standard']);
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'start',
        'end',
        'terminate',
        'userTask',
        'exclusiveGateway',
        'parallelGateway',
        'subProcess',
        'nestedSubProcess',
        'callActivity',
        'timerCatch',
        'timerBoundary:interrupting',
        'timerBoundary:non-interrupting',
        'timer:duration',
        'timer:date',
        'timer:cycle',
        'errorBoundary',
        'throw',
        'bpmn:ServiceTask',
        'bpmn:SendTask',
        'bpmn:ScriptTask',
        'bpmn:BusinessRuleTask',
        'bpmn:ManualTask',
        'bpmn:Task',
        'assignment:extension',
        'assignment:standard',
        'assignment:lane',
      ]),
    );
  });

  it.each(runnable)('%s reads with no problem and gives the listed processes', async (name, expectation) => {
    const reading = await readDefinitions(source(name), checks);
    expect(reading.problems).toEqual([]);
    expect(reading.processes.map((process) => process.id)).toEqual(expectation.processes);
  });

  it.each(runnable)('%s has a run script naming real elements and ending the instance', async (name, expectation) => {
    const processes = [...(await processesOf(name)), ...(await Promise.all((expectation.needs ?? []).map(processesOf))).flat()];
    const nodeOf = (id: string) => processes.map((process) => process.nodes[id]).find((node) => node !== undefined);
    expect(expectation.run.at(-1)).toEqual({ ends: true });
    for (const step of expectation.run.slice(0, -1)) {
      if ('complete' in step) expect(nodeOf(step.complete)?.kind, step.complete).toBe('userTask');
      else if ('fireTimer' in step) expect(['timerBoundary', 'timerCatch']).toContain(nodeOf(step.fireTimer)?.kind);
      else if ('throwError' in step) {
        const boundaries = processes.flatMap((process) => Object.values(process.nodes));
        expect(
          boundaries.some((node) => node.kind === 'errorBoundary' && node.attachedTo === step.throwError && [null, step.errorCode].includes(node.errorCode)),
        ).toBe(true);
      } else throw new Error(`${name}: "ends" must be the last step only`);
    }
    // Every called process is deployed with the file, or in a file it names.
    const ids = new Set(processes.map((process) => process.id));
    for (const process of processes)
      for (const node of Object.values(process.nodes)) if (node.kind === 'callActivity') expect(ids.has(node.calledElement), node.calledElement).toBe(true);
  });

  it.each(refused)('%s is refused with exactly the listed problems, each pointing at its element', async (name, expectation) => {
    const text = source(name);
    const reading = await readDefinitions(text, checks);
    const key = (problem: { elementId: string | null; type: string }) => `${problem.elementId ?? '-'} ${problem.type}`;
    expect(reading.problems.map(key).sort()).toEqual(expectation.refused.map(key).sort());
    const lines = text.split('\n');
    for (const problem of reading.problems) {
      if (problem.elementId === null) {
        if (problem.line !== null) expect(lines[problem.line - 1]).toContain('<!DOCTYPE');
        continue;
      }
      expect(problem.line, key(problem)).not.toBeNull();
      expect(lines[(problem.line ?? 0) - 1], key(problem)).toMatch(new RegExp(`\\sid=(["'])${problem.elementId}\\1`));
      expect(problem.message.length).toBeGreaterThan(20);
    }
  });
});

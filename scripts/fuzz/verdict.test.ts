import { describe, expect, it } from 'vitest';
import { gateOf } from './verdict.ts';

const scenario = (checks: { name: string; status: string; operation?: string; code?: string }[]) =>
  JSON.stringify({
    ScenarioFinished: {
      recorder: {
        checks: {
          c1: checks.map((check) => ({
            name: check.name,
            status: check.status,
            ...(check.status === 'failure' ? { failure_info: { failure: { operation: check.operation, code: check.code, title: 'x' } } } : {}),
          })),
        },
      },
    },
  });

describe('the fuzzer verdict', () => {
  it('passes a run whose gated checks found nothing, reporting the rest', () => {
    const verdict = gateOf([
      {
        label: 'admin',
        exitCode: 1,
        events: [
          JSON.stringify({ Initialize: {} }),
          scenario([
            { name: 'not_a_server_error', status: 'success' },
            { name: 'status_code_conformance', status: 'failure', operation: 'GET /api/x', code: 'ST103' },
          ]),
        ],
      },
    ]);
    expect([verdict.passed, verdict.failed]).toEqual([2, 0]);
    expect(verdict.lines.join('\n')).toContain('reported, not gated: status_code_conformance (1)');
  });

  it('fails on a server error or a schema violation, naming the operation', () => {
    const verdict = gateOf([
      { label: 'worker', exitCode: 1, events: [scenario([{ name: 'not_a_server_error', status: 'failure', operation: 'POST /api/files', code: 'ST101' }])] },
      {
        label: 'admin',
        exitCode: 1,
        events: [scenario([{ name: 'response_schema_conformance', status: 'failure', operation: 'GET /api/users', code: 'ST102' }])],
      },
    ]);
    expect([verdict.passed, verdict.failed]).toEqual([2, 2]);
    expect(verdict.lines.join('\n')).toContain('POST /api/files: ST101');
    expect(verdict.lines.join('\n')).toContain('GET /api/users: ST102');
  });

  it('reports an operation schemathesis could not finish, with its phase', () => {
    const error = JSON.stringify({
      NonFatalError: { phase: 'coverage', label: 'POST /api/procedures', value: { type: 'FlakyFailure', message: 'Inconsistent results' } },
    });
    const verdict = gateOf([{ label: 'admin', exitCode: 1, events: [error, scenario([{ name: 'not_a_server_error', status: 'success' }])] }]);
    expect(verdict.lines.join('\n')).toContain('admin: reported, not gated: coverage phase error on POST /api/procedures: FlakyFailure Inconsistent results');
  });

  it('fails a run that recorded no scenario', () => {
    expect(gateOf([{ label: 'admin', exitCode: 2, events: [] }]).failed).toBe(1);
  });
});

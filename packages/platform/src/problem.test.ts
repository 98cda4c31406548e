import { describe, expect, it } from 'vitest';
import { toProblem } from './problem.ts';

describe('toProblem', () => {
  it("maps PostgreSQL's character errors to 400, as a last line behind validation", () => {
    for (const code of ['22021', '22P05']) {
      const error = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code, params: ['x\u0000'] });
      expect(toProblem(error)).toMatchObject({ status: 400, code: 'invalid-text' });
      expect(JSON.stringify(toProblem(error))).not.toContain('0x00');
    }
  });

  it("maps PostgreSQL's numeric range error (22003) to 400", () => {
    expect(toProblem(Object.assign(new Error('value "19454781765" is out of range for type integer'), { code: '22003' }))).toMatchObject({
      status: 400,
      code: 'number-out-of-range',
    });
  });

  it('keeps every other database error a 500 that says nothing of its cause', () => {
    const error = Object.assign(new Error('relation "users" does not exist'), { code: '42P01' });
    expect(toProblem(error)).toMatchObject({ status: 500, code: 'internal-error' });
    expect(JSON.stringify(toProblem(error))).not.toContain('users');
  });
});

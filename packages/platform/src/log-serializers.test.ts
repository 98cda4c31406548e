import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', level: 'trace', destination }) };
}

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';

describe('the logger', () => {
  it('never writes the parameter values a database error carries, at any depth', () => {
    const { lines, logger } = capture();
    const databaseError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      query: 'update users set password_hash = $1 where username = $2',
      params: [HASH, 'admin\u0000'],
    });
    logger.error({ err: databaseError }, 'request failed');
    logger.error({ err: new Error('wrapped', { cause: databaseError }) }, 'request failed');
    const logged = lines.join('');
    expect(logged).not.toContain('argon2id');
    expect(logged).not.toContain('"params"');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      err: { code: '22021', query: expect.stringContaining('update users'), message: expect.stringContaining('0x00') },
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ err: { message: expect.stringContaining('wrapped') } });
  });

  it('redacts secret fields wherever they appear', () => {
    const { lines, logger } = capture();
    logger.info(
      { user: { username: 'ana', passwordHash: HASH, password: 'p' }, accessToken: 'eyJa.eyJb.c', refresh_token: 'r', body: { id_token_hint: 'eyJa.eyJb.c' } },
      'x',
    );
    logger.trace({ busboyOptions: { headers: { authorization: 'Bearer eyJa.eyJb.c', cookie: 'sid=eyJa' } } }, 'y');
    logger.info({ a: { b: { headers: { authorization: 'Bearer eyJa.eyJb.c' } } } }, 'z');
    const logged = lines.join('');
    expect(logged).not.toContain('argon2id');
    expect(logged).not.toContain('eyJa');
    expect(logged).not.toContain('"p"');
    expect(JSON.parse(lines[0]!)).toMatchObject({ user: { username: 'ana', passwordHash: '[redacted]' } });
  });
});

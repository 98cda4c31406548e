import { describe, expect, it } from 'vitest';
import { addUserRequest, main } from './keycloak-users.ts';

describe('keycloak-users.ts add: the person to create in the Tramita realm', () => {
  it('puts the roles in the default organism and keeps explicit groups', () => {
    expect(addUserRequest(['ana', '--first-name', 'Ana', '--last-name', 'Gil Sanz', '--role', 'tramitador', '--role', 'consulta'], {})).toEqual({
      username: 'ana',
      firstName: 'Ana',
      lastName: 'Gil Sanz',
      groups: ['/tramita/E00000000/tramitador', '/tramita/E00000000/consulta'],
    });
    expect(
      addUserRequest(
        [
          'ana',
          '--first-name',
          'Ana',
          '--last-name',
          'Gil',
          '--email',
          'ana@example.org',
          '--organism',
          'L01280796',
          '--role',
          'admin',
          '--group',
          '/tramita/L01280796/units/LA0001234',
        ],
        {
          TRAMITA_DEFAULT_ORGANISM: 'A00000001',
        },
      ),
    ).toEqual({
      username: 'ana',
      firstName: 'Ana',
      lastName: 'Gil',
      email: 'ana@example.org',
      groups: ['/tramita/L01280796/admin', '/tramita/L01280796/units/LA0001234'],
    });
    expect(addUserRequest(['ana', '--first-name', 'A', '--last-name', 'B', '--role', 'validador'], { TRAMITA_DEFAULT_ORGANISM: 'A00000001' })).toMatchObject({
      groups: ['/tramita/A00000001/validador'],
    });
  });

  it('refuses what would make a person Tramita cannot read, and never takes a password', () => {
    expect(addUserRequest(['--first-name', 'A', '--last-name', 'B', '--role', 'admin'], {})).toMatch(/exactly one username/);
    expect(addUserRequest(['ana', '--last-name', 'B', '--role', 'admin'], {})).toMatch(/--first-name and --last-name/);
    expect(addUserRequest(['ana', '--first-name', 'A', '--last-name', 'B'], {})).toMatch(/at least one --role or --group/);
    expect(addUserRequest(['ana', '--first-name', 'A', '--last-name', 'B', '--organism', 'madrid', '--role', 'admin'], {})).toMatch(/DIR3/);
    expect(addUserRequest(['ana', '--first-name', 'A', '--last-name', 'B', '--group', '/otros/admin'], {})).toMatch(/not a group Tramita reads/);
    expect(addUserRequest(['ana', '--first-name', 'A', '--last-name', 'B', '--role', 'admin', '--password', 'x'], {})).toMatch(/--password/);
  });

  it('answers a wrong command with the usage and exit status 2', async () => {
    const errors: string[] = [];
    expect(await main(['remove', 'ana'], {}, { log: () => {}, error: (text: string) => errors.push(text) })).toBe(2);
    expect(errors.join('\n')).toMatch(/^usage: keycloak-users\.ts add/);
  });
});

import { describe, expect, it } from 'vitest';
import { hasRoleIn, membershipsFromClaims, organismsOf, resolveCodeOwner } from './memberships.ts';

const person = { isService: false, defaultOrganism: 'E00000000' };

describe('memberships from an access token', () => {
  it('reads the memberships claim of the built-in provider, one per organism, roles and units without repeats', () => {
    const memberships = membershipsFromClaims(
      {
        memberships: [
          { organism: 'L01280796', roles: ['tramitador'], units: ['LA0001234'] },
          { organism: 'A01002820', roles: ['consulta'] },
          { organism: 'L01280796', roles: ['tramitador', 'tecnico'], units: ['LA0001234', 'LA0009999'] },
        ],
        roles: ['tramitador', 'tecnico', 'consulta'],
      },
      person,
    );
    expect(memberships).toEqual([
      { organism: 'L01280796', roles: ['tramitador', 'tecnico'], units: ['LA0001234', 'LA0009999'] },
      { organism: 'A01002820', roles: ['consulta'], units: [] },
    ]);
  });

  it('ignores entries that name no organism and values that are not strings', () => {
    expect(membershipsFromClaims({ memberships: [null, 'L01280796', { roles: ['admin'] }, { organism: 'L01280796', roles: ['admin', 7] }] }, person)).toEqual([
      { organism: 'L01280796', roles: ['admin'], units: [] },
    ]);
  });

  it('reads Keycloak group paths /tramita/<organism>/<role> and /tramita/<organism>/units/<unit>, and nothing else', () => {
    const memberships = membershipsFromClaims(
      {
        groups: [
          '/tramita/L01280796/tramitador',
          '/tramita/L01280796/units/LA0001234',
          '/tramita/A01002820/consulta',
          '/other/L01280796/admin',
          '/tramita/L01280796/a/b/c',
        ],
        roles: ['admin'],
      },
      person,
    );
    expect(memberships).toEqual([
      { organism: 'L01280796', roles: ['tramitador'], units: ['LA0001234'] },
      { organism: 'A01002820', roles: ['consulta'], units: [] },
    ]);
  });

  it('puts a person whose token names no organism in the default organism with the roles it carries', () => {
    expect(membershipsFromClaims({ roles: ['tecnico'] }, person)).toEqual([{ organism: 'E00000000', roles: ['tecnico'], units: [] }]);
    expect(membershipsFromClaims({ roles: [] }, person)).toEqual([]);
    expect(membershipsFromClaims({ roles: ['tecnico'] }, { isService: false, defaultOrganism: undefined })).toEqual([]);
  });

  it('gives a service token no membership, whatever it claims', () => {
    expect(membershipsFromClaims({ roles: ['service'], memberships: [{ organism: 'L01280796', roles: ['admin'] }] }, { ...person, isService: true })).toEqual(
      [],
    );
  });

  it('decides a role with the organism of the record, not the union of roles', () => {
    const memberships = [
      { organism: 'L01280796', roles: ['tramitador'], units: [] },
      { organism: 'A01002820', roles: ['consulta'], units: [] },
    ];
    expect(hasRoleIn(memberships, 'tramitador', 'L01280796')).toBe(true);
    expect(hasRoleIn(memberships, 'tramitador', 'A01002820')).toBe(false);
    expect(hasRoleIn(memberships, 'consulta', 'E00000000')).toBe(false);
    expect(organismsOf(memberships)).toEqual(['L01280796', 'A01002820']);
  });
});

describe('resolving which organism a code names (codes are unique per organism)', () => {
  const member = (...organisms: string[]) => ({ isService: false, memberships: organisms.map((organism) => ({ organism, roles: ['consulta'], units: [] })) });

  it("finds the caller's own record among other organisms' records with the same code", () => {
    expect(resolveCodeOwner(['A00000001', 'B00000002'], member('B00000002'))).toEqual({ kind: 'found', organism: 'B00000002' });
  });

  it('tells a record held only by other organisms (hidden, to audit the refusal) from a missing one, though both answer 404', () => {
    expect(resolveCodeOwner(['A00000001'], member('B00000002'))).toEqual({ kind: 'hidden', organism: 'A00000001' });
    expect(resolveCodeOwner([], member('B00000002'))).toEqual({ kind: 'missing' });
  });

  it('asks which when two of the caller organisms hold the code, and takes the one named', () => {
    expect(resolveCodeOwner(['B00000002', 'A00000001'], member('A00000001', 'B00000002'))).toEqual({
      kind: 'ambiguous',
      organisms: ['A00000001', 'B00000002'],
    });
    expect(resolveCodeOwner(['B00000002', 'A00000001'], member('A00000001', 'B00000002'), 'B00000002')).toEqual({ kind: 'found', organism: 'B00000002' });
    expect(resolveCodeOwner(['A00000001'], member('A00000001', 'B00000002'), 'B00000002')).toEqual({ kind: 'missing' });
  });

  it('lets a service token, which acts in every organism, reach any holder', () => {
    expect(resolveCodeOwner(['A00000001'], { isService: true, memberships: [] })).toEqual({ kind: 'found', organism: 'A00000001' });
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError } from '@tramita/kernel';
import { unitForNewFile } from './access.ts';

const caller = (units: string[]) => ({
  username: 'ana',
  displayName: 'Pérez, Ana',
  isService: false,
  memberships: [
    { organism: 'L01280796', roles: ['tramitador'], units },
    { organism: 'A01002820', roles: ['tramitador'], units: ['GE0000001'] },
  ],
});

describe('the responsible unit of a new expediente (ADR 0013)', () => {
  it("takes the unit asked for among the caller's units in that organism, or their only one there, or none", () => {
    expect(unitForNewFile(caller(['LA0012345', 'LA0054321']), 'L01280796', 'LA0054321')).toBe('LA0054321');
    expect(unitForNewFile(caller(['LA0012345']), 'L01280796', undefined)).toBe('LA0012345');
    expect(unitForNewFile(caller(['LA0012345', 'LA0054321']), 'L01280796', undefined)).toBeNull();
    expect(unitForNewFile(caller([]), 'L01280796', undefined)).toBeNull();
  });

  it("refuses a unit the caller does not belong to in that organism, another organism's included", () => {
    for (const unit of ['LA9999999', 'GE0000001']) {
      const refused = (() => {
        try {
          unitForNewFile(caller(['LA0012345']), 'L01280796', unit);
        } catch (error) {
          return error;
        }
        return null;
      })();
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: 'unit-not-yours', category: 'forbidden' });
    }
  });

  it('lets a platform service name any unit', () => {
    expect(unitForNewFile({ username: 'svc', displayName: 'svc', isService: true, memberships: [] }, 'L01280796', 'LA0012345')).toBe('LA0012345');
  });
});

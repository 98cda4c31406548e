import type { Principal } from '@tramita/platform';

/** Test fixture: a person with `roles` in one organism, as the token check would build them. Only tests import this. */
export const principalIn = (username: string, organism: string, roles: string[]): Principal => ({
  username,
  displayName: username,
  subject: username,
  givenName: undefined,
  familyName: undefined,
  roles,
  token: '',
  isService: false,
  memberships: [{ organism, roles, units: [] }],
});

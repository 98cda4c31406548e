import type { Membership } from '../domain/organism.ts';
import type { User, UserRole } from '../domain/user.ts';

/** What the API shows of a user: never the password hash. */
export interface UserView {
  username: string;
  givenName: string;
  familyName: string;
  displayName: string;
  roles: UserRole[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  /** Where the user belongs and what they may do there (ADR 0013); shown when the caller reads accounts. */
  memberships?: Membership[];
}

export function toUserView(user: User): UserView {
  const s = user.snapshot();
  return {
    username: s.username,
    givenName: s.givenName,
    familyName: s.familyName,
    displayName: user.displayName,
    roles: s.roles,
    enabled: s.enabled,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

import type { Generated } from 'kysely';

/** The auth service's tables as Kysely sees them. */
export interface AuthDatabase {
  users: {
    id: string;
    username: string;
    given_name: string;
    family_name: string;
    roles: unknown;
    enabled: boolean;
    password_hash: string;
    created_at: Date;
    updated_at: Date;
  };
  oidc_payloads: {
    id: string;
    type: string;
    payload: unknown;
    grant_id: string | null;
    user_code: string | null;
    uid: string | null;
    expires_at: Date | null;
    consumed_at: Date | null;
  };
  organisms: {
    code: string;
    name: string;
    active: boolean;
    created_at: Date;
  };
  units: {
    organism: string;
    code: string;
    name: string;
    active: boolean;
  };
  memberships: {
    username: string;
    organism: string;
    roles: unknown;
    units: unknown;
  };
  auth_secrets: {
    name: string;
    value: unknown;
    created_at: Generated<Date>;
  };
}

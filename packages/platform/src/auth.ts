import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { membershipsFromClaims, type Membership } from './memberships.ts';
import { DomainError, displayName, type Actor } from '@tramita/kernel';
import { USER_UPDATED_AT_CLAIM } from '@tramita/contracts';
import type { RevocationCheck } from './token-revocation.ts';

/** The verified caller of a request. */
export interface Principal extends Actor {
  subject: string;
  givenName: string | undefined;
  familyName: string | undefined;
  roles: string[];
  /** The bearer token as received, to forward on the caller's behalf. */
  token: string;
  /** True when the token was issued to a service through client credentials. */
  isService: boolean;
  /** What the person may do in each of their organisms (ADR 0013); none for a service. */
  memberships: Membership[];
}

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Where the signing keys are fetched (defaults to the issuer's `/jwks`). */
  jwksUrl?: string;
  /** For tests: a local key set instead of a remote one. */
  keySet?: JWTVerifyGetKey;
  /** Tokens revoked before they expire (ADR 0010): refused with 401 `token-revoked`. */
  revocations?: RevocationCheck;
  /** The organism (DIR3) whose members hold a person's token that names no memberships: the installation's default organism. */
  defaultOrganism?: string;
  /** How many verified tokens to remember (0: none); see {@link VerifiedTokens}. */
  cacheSize?: number;
  /** For tests: the clock the cache reads, in ms. */
  now?: () => number;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

const unauthorized = (code: string, message: string) => new DomainError(code, 'unauthorized', message);

/**
 * Verifies JWT access tokens locally against the issuer's keys (no call per request). A token
 * verified once is remembered until it expires (at most {@link CACHE_TTL_MS}), so the next request
 * with it skips the signature check; expiry and revocation are checked on every request anyway.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keySet = options.keySet ?? createRemoteJWKSet(new URL(options.jwksUrl ?? `${options.issuer}/jwks`), { cooldownDuration: 5_000 });
  const now = options.now ?? Date.now;
  const verified = new VerifiedTokens(options.cacheSize ?? 10_000, now);
  return async (token) => {
    let payload = verified.get(token);
    if (!payload) {
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          issuer: options.issuer,
          audience: options.audience,
          clockTolerance: CLOCK_TOLERANCE_S,
          currentDate: new Date(now()),
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw unauthorized('token-expired', 'The access token has expired.');
        if (error instanceof joseErrors.JWTClaimValidationFailed) {
          throw unauthorized('token-invalid', `The access token was not accepted: ${error.claim} claim check failed.`);
        }
        throw unauthorized('token-invalid', 'The access token is not valid.');
      }
      verified.set(token, payload);
    }
    if (options.revocations?.isRevoked(issuedToken(payload))) {
      throw unauthorized('token-revoked', "The access token was revoked (the user's access changed or the token was revoked): refresh it or log in again.");
    }
    return principalFrom(payload, token, options.defaultOrganism);
  };
}

const CLOCK_TOLERANCE_S = 5;
/** A remembered token is checked against its keys again at least this often (a key set may rotate). */
const CACHE_TTL_MS = 5 * 60_000;

/**
 * The payloads of tokens whose signature, issuer and audience were verified, by the token's
 * SHA-256, for at most {@link CACHE_TTL_MS} and never past the token's own expiry (so an expired
 * token is verified again, and refused). Bounded: the oldest entry goes first.
 */
export class VerifiedTokens {
  readonly #entries = new Map<string, { payload: JWTPayload; until: number }>();
  readonly #size: number;
  readonly #now: () => number;

  constructor(size: number, now: () => number) {
    this.#size = size;
    this.#now = now;
  }

  get(token: string): JWTPayload | undefined {
    if (this.#size === 0) return undefined;
    const key = keyOf(token);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#now() >= entry.until) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(token: string, payload: JWTPayload): void {
    if (this.#size === 0) return;
    const expiresAt = typeof payload.exp === 'number' ? (payload.exp + CLOCK_TOLERANCE_S) * 1000 : this.#now();
    const until = Math.min(expiresAt, this.#now() + CACHE_TTL_MS);
    if (until <= this.#now()) return;
    if (this.#entries.size >= this.#size) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(keyOf(token), { payload, until });
  }

  get size(): number {
    return this.#entries.size;
  }
}

const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

function issuedToken(payload: JWTPayload) {
  const readAt = payload[USER_UPDATED_AT_CLAIM];
  return {
    // Only a person's token answers for its user's changes (a user may not be named like a client).
    subject: typeof payload.preferred_username === 'string' ? (payload.sub ?? '') : '',
    jti: payload.jti,
    issuedAtMs: typeof readAt === 'number' && Number.isFinite(readAt) ? readAt : (payload.iat ?? 0) * 1000,
  };
}

function principalFrom(payload: JWTPayload, token: string, defaultOrganism: string | undefined): Principal {
  const str = (key: string) => (typeof payload[key] === 'string' ? payload[key] : undefined);
  const subject = payload.sub ?? str('client_id') ?? '';
  const username = str('preferred_username') ?? str('client_id') ?? subject;
  const givenName = str('given_name');
  const familyName = str('family_name');
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
  const isService = str('preferred_username') === undefined;
  return {
    subject,
    username,
    givenName,
    familyName,
    displayName: displayName(givenName, familyName, username),
    roles,
    token,
    isService,
    memberships: membershipsFromClaims(payload, { defaultOrganism, isService }),
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** Reads and verifies the bearer token; throws 401 problems. */
export async function authenticate(request: FastifyRequest, verify: TokenVerifier): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('token-missing', 'This operation needs a bearer access token.');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw unauthorized('token-malformed', 'The Authorization header must be "Bearer <token>".');
  const principal = await verify(match[1]);
  request.principal = principal;
  return principal;
}

/** The principal of an authenticated request (set by the auth hook). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized('token-missing', 'This operation needs a bearer access token.');
  return request.principal;
}

/** A preHandler that lets through only callers holding one of `roles`. */
export function requireRole(...roles: string[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const principal = principalOf(request);
    if (!roles.some((role) => principal.roles.includes(role))) {
      throw new DomainError('role-required', 'forbidden', `This operation needs one of the roles: ${roles.join(', ')}.`, {
        requiredRoles: roles,
      });
    }
  };
}

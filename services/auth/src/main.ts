import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { systemClock } from '@tramita/kernel';
import { openHttpApp, openInfrastructure, startService, type RunningService, type ServiceContext } from '@tramita/platform';
import { authenticateUser } from './application/authenticate-user.ts';
import { seedUsers, type SeededUser } from './application/seed-users.ts';
import { loadConfig } from './config.ts';
import { mountOidcProvider, pinIssuerOrigin } from './adapters/oidc/oidc-routes.ts';
import { registerInteractionRoutes } from './adapters/oidc/interaction-routes.ts';
import { registerUserRoutes, AUTH_API } from './adapters/http/user-routes.ts';
import { Argon2PasswordHasher } from './adapters/crypto/password-hasher.argon2.ts';
import { loadCookieKeys, loadServicesClientSecret, loadSigningKeys, type SecretKeeper } from './adapters/oidc/keys.ts';
import { loadOrCreateSecret } from './adapters/postgres/auth-secrets.postgres.ts';
import { PostgresOidcAdapter, sweepExpiredOidcPayloads } from './adapters/postgres/oidc-adapter.postgres.ts';
import { createOidcProvider, WEB_CLIENT_ID } from './adapters/oidc/provider.ts';
import { OutboxAccessRevocations } from './adapters/postgres/access-revocations.outbox.ts';
import { postgresAuthUnitOfWork } from './adapters/postgres/auth-unit-of-work.postgres.ts';
import type { AuthDatabase } from './adapters/postgres/database.ts';
import { PostgresUserRepository } from './adapters/postgres/user-repository.postgres.ts';
import { PostgresOrganismRepository } from './adapters/postgres/organism-repository.postgres.ts';
import { registerOrganismRoutes } from './adapters/http/organism-routes.ts';
import { membershipsOf } from './application/memberships.ts';

const MIGRATIONS = fileURLToPath(new URL('./adapters/postgres/migrations', import.meta.url));
const SWEEP_EVERY_MS = 60 * 60 * 1000;

export function start(ctx: ServiceContext): Promise<RunningService> {
  return startService(ctx, async (resources) => {
    const config = loadConfig(ctx.env);
    const infra = await openInfrastructure<AuthDatabase>(resources, ctx, [{ name: 'auth', directory: MIGRATIONS }]);
    const { db } = infra;
    const users = new PostgresUserRepository(db);
    const organisms = new PostgresOrganismRepository(db);
    // The platform's own organism: every user's `roles` are their membership of it (ADR 0013).
    await organisms.ensure({ code: ctx.auth.defaultOrganism, name: config.AUTH_DEFAULT_ORGANISM_NAME, active: true, createdAt: systemClock.now() });
    const hasher = new Argon2PasswordHasher();
    const revocations = new OutboxAccessRevocations(infra.unitOfWork, ctx.revocations);
    const secrets: SecretKeeper = (name, create) => loadOrCreateSecret(db, name, create);

    const seeded = await seedUsers({
      users,
      hasher,
      clock: systemClock,
      initialPassword: () => config.AUTH_INITIAL_PASSWORD ?? randomBytes(18).toString('base64url'),
    });
    if (seeded.length > 0) {
      ctx.logger.info({ users: seeded.map((user) => user.username) }, 'seed users created');
      if (!config.AUTH_INITIAL_PASSWORD) await announceGeneratedPasswords(ctx, seeded);
    }

    const publicUrl = ctx.publicUrl.replace(/\/$/, '');
    const webRedirectUris = [...new Set([`${publicUrl}/callback`, ...config.AUTH_WEB_REDIRECT_URIS])];
    const webPostLogoutRedirectUris = [...new Set([`${publicUrl}/`, ...config.AUTH_WEB_REDIRECT_URIS.map((uri) => `${new URL(uri).origin}/`)])];
    const prefix = new URL(ctx.auth.issuer).pathname.replace(/\/$/, '') || '/auth';

    const provider = createOidcProvider({
      issuer: ctx.auth.issuer,
      audience: ctx.auth.audience,
      publicUrl,
      webRedirectUris,
      webPostLogoutRedirectUris,
      servicesClientSecret: await loadServicesClientSecret(secrets, config.AUTH_SERVICES_CLIENT_SECRET),
      jwks: await loadSigningKeys(secrets),
      cookieKeys: await loadCookieKeys(secrets),
      adapter: (model) => new PostgresOidcAdapter(db, model),
      findActiveUser: async (username) => {
        const user = await users.findByUsername(username);
        return user?.enabled ? user : undefined;
      },
      onAccessTokenRevoked: ({ jti, username, expiresAt }) => revocations.accessTokenRevoked(jti, username, expiresAt),
      logger: ctx.logger,
      membershipsOf: (user) => membershipsOf({ organisms, defaultOrganism: ctx.auth.defaultOrganism }, user),
      onLogout: async (username, request) => {
        const user = username ? await users.findByUsername(username) : undefined;
        await infra.audit.recordAlone(
          { action: 'auth.logout' },
          {
            actor: user ? { username: user.username, displayName: user.displayName } : { system: 'auth.session-end' },
            correlationId: request.id ?? randomBytes(8).toString('hex'),
            sourceAddress: request.ip || null,
          },
        );
      },
    });

    const app = await openHttpApp(resources, ctx, { readiness: { database: infra.databaseReady }, openapi: AUTH_API });

    const decoyHash = await hasher.hash(randomBytes(16).toString('hex'));
    pinIssuerOrigin(app, ctx.auth.issuer);
    await registerInteractionRoutes(app, {
      provider,
      prefix,
      publicUrl,
      firstPartyClients: [WEB_CLIENT_ID],
      formTargets: [...new Set([...webRedirectUris, ...webPostLogoutRedirectUris].map((uri) => new URL(uri).origin))],
      authenticate: (username, password) => authenticateUser({ users, hasher, decoyHash }, username, password),
      audit: infra.audit,
    });
    await mountOidcProvider(app, provider, prefix);
    // Account, organism and membership changes commit with their revocation messages and audit entries.
    const unitOfWork = postgresAuthUnitOfWork(infra.unitOfWork, infra.audit, ctx.revocations);
    registerUserRoutes(app, { users, hasher, defaultOrganism: ctx.auth.defaultOrganism, unitOfWork, organisms });
    registerOrganismRoutes(app, { organisms, users, hasher, clock: systemClock, defaultOrganism: ctx.auth.defaultOrganism, unitOfWork });
    infra.registerAdminRoutes(app);

    return {
      app,
      afterListen: async () => {
        await infra.start([]);
        const sweep = async () => {
          try {
            await sweepExpiredOidcPayloads(db);
          } catch (error) {
            ctx.logger.warn({ err: error }, 'could not delete expired OIDC rows');
          }
        };
        await sweep();
        const timer = setInterval(() => void sweep(), SWEEP_EVERY_MS);
        timer.unref();
        resources.onClose('expired OIDC rows sweep', () => clearInterval(timer));
      },
    };
  });
}

/**
 * Shows generated initial passwords exactly once: a plain banner on stdout (deliberately not the
 * logger, whose lines are shipped and kept) and a file only the service's user can read.
 */
async function announceGeneratedPasswords(ctx: ServiceContext, seeded: SeededUser[]): Promise<void> {
  const lines = seeded.map((user) => `  ${user.username.padEnd(12)} ${user.password}`);
  const text = ['Tramita: initial passwords of the seeded users (change them after the first login)', ...lines].join('\n');
  if (ctx.dataDir) {
    await mkdir(ctx.dataDir, { recursive: true, mode: 0o700 });
    const file = join(ctx.dataDir, 'initial-passwords.txt');
    await writeFile(file, `${text}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    ctx.logger.info({ file }, 'initial passwords written');
  } else {
    ctx.logger.warn('no data directory configured: the initial passwords are only shown on stdout');
  }
  const bar = '='.repeat(72);
  process.stdout.write(`\n${bar}\n${text}\n${bar}\n\n`);
}

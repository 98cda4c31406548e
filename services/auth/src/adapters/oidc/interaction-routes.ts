import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { InteractionDetails } from 'oidc-provider';
import { z } from 'zod';
import type { AuditTrail, HttpApp } from '@tramita/platform';
import type { User } from '../../domain/user.ts';
import { loginPage, messagePage, type Page } from './pages.ts';

export interface InteractionRoutesOptions {
  provider: Provider;
  /** The issuer's path, e.g. `/auth`. */
  prefix: string;
  publicUrl: string;
  /** Clients whose consent is implicit (Tramita's own web client). */
  firstPartyClients: readonly string[];
  /** Origins the browser may be redirected to after a form post (the web client's). */
  formTargets: readonly string[];
  authenticate(username: string, password: string): Promise<User | undefined>;
  /** Where each login and each refused one is recorded (ADR 0014): who, from where, never the password. */
  audit?: Pick<AuditTrail<unknown>, 'recordAlone'>;
}

const LoginForm = z.object({ username: z.string().max(64).default(''), password: z.string().max(256).default('') });
const Params = z.object({ uid: z.string().regex(/^[\w-]{1,64}$/) });

function sendPage(reply: FastifyReply, page: Page, status = 200): FastifyReply {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', page.csp)
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .send(page.html);
}

/** The login page and the automatic consent of first-party clients. */
export async function registerInteractionRoutes(app: HttpApp, options: InteractionRoutesOptions): Promise<void> {
  const { provider, prefix } = options;
  const expired = (reply: FastifyReply) =>
    sendPage(
      reply,
      messagePage('Tramita — Sesión caducada', 'La solicitud de inicio de sesión ha caducado o ya no es válida.', {
        href: `${options.publicUrl}/`,
        text: 'Volver a Tramita para iniciar sesión',
      }),
      400,
    );

  await app.register(formbody);

  const load = async (request: FastifyRequest, reply: FastifyReply, uid: string) => {
    try {
      const found = await provider.interactionDetails(request.raw, reply.raw);
      return found.uid === uid ? found : undefined;
    } catch {
      return undefined;
    }
  };

  const grantConsent = async (request: FastifyRequest, reply: FastifyReply, interaction: InteractionDetails) => {
    const clientId = String(interaction.params.client_id);
    if (!options.firstPartyClients.includes(clientId) || !interaction.session) {
      reply.hijack();
      await provider.interactionFinished(request.raw, reply.raw, { error: 'access_denied', error_description: 'consent required' });
      return;
    }
    const { Grant } = provider;
    const grant =
      (interaction.grantId ? await Grant.find(interaction.grantId) : undefined) ?? new Grant({ accountId: interaction.session.accountId, clientId });
    const missing = interaction.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    reply.hijack();
    await provider.interactionFinished(request.raw, reply.raw, { consent: { grantId } }, { mergeWithLastSubmission: true });
  };

  const action = (uid: string) => `${prefix}/interaction/${uid}/login`;

  app.get(`${prefix}/interaction/:uid`, { config: { public: true }, schema: { params: Params } }, async (request, reply) => {
    const interaction = await load(request, reply, request.params.uid);
    if (!interaction) return expired(reply);
    if (interaction.prompt.name === 'consent') return grantConsent(request, reply, interaction);
    if (interaction.prompt.name !== 'login') return expired(reply);
    const hint = typeof interaction.params.login_hint === 'string' ? interaction.params.login_hint : undefined;
    return sendPage(reply, loginPage({ action: action(interaction.uid), username: hint, formTargets: options.formTargets }));
  });

  app.post(`${prefix}/interaction/:uid/login`, { config: { public: true }, schema: { params: Params, body: LoginForm } }, async (request, reply) => {
    const interaction = await load(request, reply, request.params.uid);
    if (!interaction || interaction.prompt.name !== 'login') return expired(reply);
    const { username, password } = request.body;
    const user = await options.authenticate(username, password);
    if (!user) {
      request.log.info({ interaction: interaction.uid }, 'login refused');
      // The name typed (cut short), so an auditor sees attempts against an account; never the password.
      await options.audit?.recordAlone(
        { action: 'auth.login', outcome: 'failed', details: { username: username.trim().slice(0, 64) } },
        { actor: { system: 'auth.login-form' }, correlationId: request.id, sourceAddress: request.ip || null },
      );
      return sendPage(reply, loginPage({ action: action(interaction.uid), username, failed: true, formTargets: options.formTargets }));
    }
    request.log.info({ username: user.username }, 'login succeeded');
    await options.audit?.recordAlone(
      { action: 'auth.login', details: { client: typeof interaction.params.client_id === 'string' ? interaction.params.client_id : null } },
      { actor: { username: user.username, displayName: user.displayName }, correlationId: request.id, sourceAddress: request.ip || null },
    );
    reply.hijack();
    await provider.interactionFinished(request.raw, reply.raw, { login: { accountId: user.username } }, { mergeWithLastSubmission: false });
  });
}

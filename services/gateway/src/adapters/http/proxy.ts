import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendMethodNotAllowed, sendProblem, type HttpApp } from '@tramita/platform';
import {
  allowedMethods,
  isLoginPost,
  isVerificationLookup,
  needsBearer,
  resolveTarget,
  STANDARD_METHODS,
  type UpstreamName,
} from '../../application/routing-table.ts';
import { clientAddress } from './client-address.ts';
import { LoginRateLimit } from './login-rate-limit.ts';

export interface ProxyOptions {
  upstreams: Partial<Record<UpstreamName, string>>;
  /** Longest silence from an upstream before its response starts (ms). */
  timeoutMs: number;
  loginRatePerMinute: number;
  /** Public CSV lookups allowed per client address and minute. */
  verificationRatePerMinute: number;
  trustedProxyHops: number;
  /**
   * Largest request body forwarded to this route with this Content-Type (bytes); larger ones get
   * 413 here. It must not exceed what the service reads: a service that refuses a body before
   * reading it closes the connection, and the gateway's write then fails (EPIPE) before the
   * service's answer can be read.
   */
  bodyLimit: (method: string, path: string, contentType: string | undefined) => number;
  /** Answers requests no service owns (the web UI, or 404). */
  fallback: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** RFC 9110 §7.6.1 connection-specific headers, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'expect', // 100-continue is settled between the client and us
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Forwards every path the routing table gives to a service, streaming both bodies. The route is
 * public for the platform's auth hook because each service verifies tokens itself; the gateway
 * only refuses API calls that carry no bearer token at all.
 */
export async function registerProxy(app: HttpApp, options: ProxyOptions): Promise<void> {
  const loginLimit = new LoginRateLimit(options.loginRatePerMinute);
  const verificationLimit = new LoginRateLimit(options.verificationRatePerMinute);
  await app.register(async (scope) => {
    // Bodies stay unread streams: no parsing, no body limit, no buffering.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
    // A known path asked with a method nobody answers there (TRACE, QUERY…): 405 with Allow, at
    // once, before anything tries to read a body.
    scope.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (STANDARD_METHODS.includes(request.method) && resolveTarget(request.method, path) !== undefined) return;
      const allowed = allowedMethods(path);
      if (allowed.length === 0) return;
      return sendMethodNotAllowed(reply, request.method, path, allowed);
    });

    scope.all('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (needsBearer(path) && !/^Bearer\s+\S+$/i.test(request.headers.authorization ?? '')) {
        reply.header('www-authenticate', 'Bearer');
        return sendProblem(reply, problem(401, 'token-missing', 'This operation needs a bearer access token.', { instance: path }));
      }
      const target = resolveTarget(request.method, path);
      if (target === undefined || target === 'gateway') return options.fallback(request, reply);
      if (isLoginPost(request.method, path)) {
        const verdict = loginLimit.attempt(clientAddress(request, options.trustedProxyHops));
        if (!verdict.allowed) {
          reply.header('retry-after', String(verdict.retryAfterSeconds));
          return sendProblem(reply, problem(429, 'too-many-login-attempts', 'Too many login attempts from this address; try again later.'));
        }
      }
      if (isVerificationLookup(request.method, path)) {
        const verdict = verificationLimit.attempt(clientAddress(request, options.trustedProxyHops));
        if (!verdict.allowed) {
          reply.header('retry-after', String(verdict.retryAfterSeconds));
          return sendProblem(reply, problem(429, 'too-many-verifications', 'Too many verification lookups from this address; try again later.'));
        }
      }
      const base = options.upstreams[target];
      if (!base) return sendProblem(reply, problem(502, 'upstream-unavailable', `The ${target} service is not configured.`));
      const limit = options.bodyLimit(request.method, path, request.headers['content-type']);
      if (Number(request.headers['content-length'] ?? 0) > limit) {
        // Refused before a byte is read: close rather than read the rest of what was announced.
        reply.header('connection', 'close');
        return sendProblem(reply, bodyTooLarge(limit));
      }
      return forward(request, reply, target, base, { timeoutMs: options.timeoutMs, limit, client: clientAddress(request, options.trustedProxyHops) });
    });
  });
}

const bodyTooLarge = (limit: number) => problem(413, 'body-too-large', `The request body is larger than ${limit} bytes.`, { maxBytes: limit });

class BodyTooLargeError extends Error {}

/** Passes a body through, failing once it grows past `limit` bytes (bodies without Content-Length). */
function bodyCounter(limit: number): Transform {
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      callback(size > limit ? new BodyTooLargeError(`body over ${limit} bytes`) : null, chunk);
    },
  });
}

function forward(
  request: FastifyRequest,
  reply: FastifyReply,
  service: string,
  base: string,
  { timeoutMs, limit, client: clientIp }: { timeoutMs: number; limit: number; client: string },
): Promise<FastifyReply> {
  const upstream = new URL(base);
  const client = upstream.protocol === 'https:' ? https : http;
  const raw = request.raw;
  return new Promise((resolve) => {
    let timedOut = false;
    const outgoing = client.request({
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method: request.method,
      // The raw target, query included, after the base path: never parsed as a URL of its own.
      path: `${upstream.pathname.replace(/\/$/, '')}${request.url}`,
      headers: forwardedHeaders(request, clientIp),
    });
    // Silence before the response starts is a timeout; once it streams (SSE, downloads) none applies.
    outgoing.setTimeout(timeoutMs, () => {
      timedOut = true;
      outgoing.destroy(new Error(`no response within ${timeoutMs} ms`));
    });
    outgoing.on('response', (incoming) => {
      outgoing.setTimeout(0);
      reply.status(incoming.statusCode ?? 502);
      for (const [name, value] of Object.entries(withoutHopByHop(incoming.headers))) {
        if (value !== undefined) reply.header(name, value);
      }
      const bodiless = request.method === 'HEAD' || incoming.statusCode === 204 || incoming.statusCode === 304;
      if (bodiless) {
        incoming.resume();
        resolve(reply.send());
      } else {
        resolve(reply.send(incoming));
      }
    });
    const fail = (error: Error) => {
      if (reply.sent || reply.raw.headersSent) return;
      raw.unpipe();
      if (error instanceof BodyTooLargeError) {
        outgoing.destroy();
        reply.header('connection', 'close');
        resolve(sendProblem(reply, bodyTooLarge(limit)));
        return;
      }
      raw.resume(); // drain what the client is still sending
      request.log.warn({ err: error, service }, timedOut ? 'upstream timed out' : 'upstream unavailable');
      resolve(
        timedOut
          ? sendProblem(reply, problem(504, 'upstream-timeout', `The ${service} service did not answer in time.`))
          : sendProblem(reply, problem(502, 'upstream-unavailable', `The ${service} service could not be reached.`)),
      );
    };
    outgoing.on('error', fail);
    // A client that goes away takes its upstream request (or event stream) with it.
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) outgoing.destroy();
    });
    if (hasBody(request.headers)) raw.pipe(bodyCounter(limit)).on('error', fail).pipe(outgoing);
    else outgoing.end();
  });
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

function withoutHopByHop(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !listed.has(name)));
}

/**
 * The headers the service receives. X-Forwarded-For is replaced by the one client address the
 * gateway trusts (GATEWAY_TRUSTED_PROXY_HOPS): services record it in the audit trail (ADR 0014),
 * so what a client claims beyond the trusted proxies never reaches them.
 */
function forwardedHeaders(request: FastifyRequest, clientIp: string): OutgoingHttpHeaders {
  const headers = withoutHopByHop(request.headers);
  delete headers.host; // the upstream's own host; the public one travels in X-Forwarded-Host
  headers['x-forwarded-for'] = clientIp;
  headers['x-forwarded-proto'] = request.protocol;
  headers['x-forwarded-host'] = request.headers['x-forwarded-host'] ?? request.headers.host ?? '';
  headers['x-request-id'] = request.id;
  return headers;
}

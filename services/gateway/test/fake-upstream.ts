import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, testServiceContext, type TestIssuer } from '@tramita/platform/testing';
import type { RunningService } from '@tramita/platform';
import { start } from '../src/index.ts';

export type FakeHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A stand-in for another service: a plain node:http server on 127.0.0.1 answering by `METHOD /path`. */
export interface FakeUpstream {
  url: string;
  /** Every request seen, as `METHOD url`. */
  seen: string[];
  close(): Promise<void>;
}

export async function fakeUpstream(routes: Record<string, FakeHandler>): Promise<FakeUpstream> {
  const seen: string[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const path = (request.url ?? '/').split('?')[0];
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const handler = routes[`${method} ${path}`] ?? (path === '/health/live' ? json({ status: 'up' }) : undefined);
    if (!handler) {
      response.writeHead(404, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ status: 404, code: 'route-not-found', detail: 'fake' }));
      return;
    }
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json =
  (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };

/** An address nothing listens on. */
export async function closedUrl(): Promise<string> {
  const upstream = await fakeUpstream({});
  await upstream.close();
  return upstream.url;
}

export async function startGateway(serviceUrls: Record<string, string>, env: Record<string, string> = {}, issuer?: TestIssuer) {
  const tokens = issuer ?? (await createTestIssuer());
  const running: RunningService = await start(testServiceContext('gateway', tokens, { serviceUrls, env }));
  return { running, issuer: tokens };
}

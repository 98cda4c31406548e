import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ProcedureListResource } from '@tramita/contracts';

export type CataloguedProcedure = ProcedureListResource['items'][number];

/** How the stand-in answers `GET /api/procedures`: the list, a body outside the contract, a status, or never. */
export type CatalogueBehaviour = 'list' | 'malformed' | 'not-json' | { status: number } | 'hang';

/** A stand-in for bpm's procedure catalogue on a real node:http server: what bpm answers a caller, and what it was asked. */
export interface FakeBpmCatalogue {
  url: string;
  /** What bpm answers every caller (bpm filters by the caller's organisms; tests put here what one caller would see). */
  procedures: CataloguedProcedure[];
  behaviour: CatalogueBehaviour;
  /** Each request's authorization and request id headers. */
  asked: { authorization: string | undefined; requestId: string | undefined }[];
  close(): Promise<void>;
}

/** A procedure as bpm lists it. */
export const catalogued = (code: string, organism: string | null, format: 'bpmn' | 'phases' = 'bpmn'): CataloguedProcedure =>
  ({ code, name: `Procedimiento ${code}`, latestVersion: 1, versions: [1], organism, format }) satisfies CataloguedProcedure;

export async function startFakeBpmCatalogue(procedures: CataloguedProcedure[] = []): Promise<FakeBpmCatalogue> {
  const fake: Omit<FakeBpmCatalogue, 'url' | 'close'> = { procedures, behaviour: 'list', asked: [] };
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url !== '/api/procedures') {
      response.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 404, code: 'route-not-found' }));
      return;
    }
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(',') : value;
    };
    fake.asked.push({ authorization: header('authorization'), requestId: header('x-request-id') });
    const behaviour = fake.behaviour;
    if (behaviour === 'hang') return;
    if (typeof behaviour === 'object') {
      response.writeHead(behaviour.status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: behaviour.status, code: 'boom' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    if (behaviour === 'not-json') response.end('<html>not a list</html>');
    else if (behaviour === 'malformed') response.end(JSON.stringify({ items: [{ code: 'LICENCIAS', latestVersion: 'one' }] }));
    else response.end(JSON.stringify({ items: fake.procedures } satisfies ProcedureListResource));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

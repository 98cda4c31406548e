import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FileRecordResource, InteresadoListResource } from '@tramita/contracts';

/** What the fake files service knows of one expediente. */
export interface FakeExpediente {
  code: string;
  organism: string;
  finished: boolean;
  createdAt: string;
  interesados: string[];
}

/**
 * A stand-in for the files service in docs' component tests: answers the two reads docs makes
 * (`/record`, `/interesados`) with the shapes of files' contracts, and 404 for an expediente it
 * does not hold or a request without a bearer token. The real one is exercised end to end in e2e.
 */
export async function startFakeFiles(expedientes: FakeExpediente[]): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://files');
    asked.push(url.pathname);
    const match = /^\/api\/files\/([^/]+)\/(record|interesados)$/.exec(url.pathname);
    const expediente = match ? expedientes.find((e) => e.code === decodeURIComponent(match[1]!)) : undefined;
    if (!match || !expediente || !/^Bearer /.test(request.headers.authorization ?? '')) {
      response.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ status: 404, code: 'file-not-found' }));
      return;
    }
    const actor = { username: 'agat', displayName: 'Gat Alba, Antonio' };
    const body: FileRecordResource | InteresadoListResource =
      match[2] === 'record'
        ? {
            code: expediente.code,
            organism: expediente.organism,
            unit: null,
            processId: '0190a000-0000-7000-8000-000000000001',
            initialOption: { code: 'SOLICITUD', name: 'Solicitud' },
            description: 'Expediente de prueba',
            status: expediente.finished ? 'finished' : 'active',
            finished: expediente.finished,
            currentPhase: null,
            documentIds: [],
            createdAt: expediente.createdAt,
            createdBy: actor,
            updatedAt: expediente.createdAt,
            updatedBy: actor,
            version: 1,
          }
        : {
            items: expediente.interesados.map((document, index) => ({
              id: `i${index}`,
              fileCode: expediente.code,
              organism: expediente.organism,
              document,
              documentKind: 'NIF' as const,
              name: 'Pérez, Ana',
              role: 'solicitante' as const,
              channel: 'electronic' as const,
              email: 'ana@example.org',
              phone: null,
              address: null,
              version: 1,
              addedAt: expediente.createdAt,
              addedBy: actor,
              updatedAt: expediente.createdAt,
              updatedBy: actor,
            })),
          };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, asked, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

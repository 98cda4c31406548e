import { auditedBy, principalOf, requireRole, type HttpApp } from '@tramita/platform';
import { addInitialOption, listInitialOptions } from '../../application/initial-options.ts';
import type { FilesPorts } from '../../application/ports.ts';
import { addInitialOptionBody, initialOptionSchema, initialOptionsList } from './schemas.ts';

const causeOf = (request: { id: string }) => ({ source: 'files', correlationId: request.id, causationId: null });

export function registerInitialOptionRoutes<Tx>(app: HttpApp, deps: { ports: FilesPorts<Tx>; defaultOrganism: string }): void {
  app.get(
    '/api/initial-options',
    {
      schema: {
        tags: ['files'],
        summary: "Active initial options for a new expediente: the shared ones and those of the caller's organisms",
        response: { 200: initialOptionsList },
      },
    },
    async (request) => ({ items: await listInitialOptions(deps.ports.options, principalOf(request)) }),
  );

  app.post(
    '/api/initial-options',
    {
      schema: {
        tags: ['files'],
        summary:
          "Add an initial option to an organism's catalogue (its admin) or, without organism, to the shared one (platform-admin); procedureCode null = the default procedure",
        body: addInitialOptionBody,
        response: { 201: initialOptionSchema },
      },
      // The early gate; who may add to which catalogue is decided with the catalogue's organism.
      preValidation: requireRole('admin', 'platform-admin'),
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addInitialOption(deps.ports, request.body, principalOf(request), deps.defaultOrganism, causeOf(request), auditedBy(request))),
  );
}

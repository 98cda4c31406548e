import { auditedBy, principalOf, problemResponse, requireRole, type HttpApp } from '@tramita/platform';
import { addInitialOption, listInitialOptions } from '../../application/initial-options.ts';
import type { FilesPorts } from '../../application/ports.ts';
import type { ProcedureCatalogueFor } from '../../application/procedure-catalogue.ts';
import { addInitialOptionBody, initialOptionSchema, initialOptionsList } from './schemas.ts';

const causeOf = (request: { id: string }) => ({ source: 'files', correlationId: request.id, causationId: null });

export function registerInitialOptionRoutes<Tx>(
  app: HttpApp,
  deps: { ports: FilesPorts<Tx>; procedures: ProcedureCatalogueFor; defaultOrganism: string },
): void {
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
        description:
          "A named procedure must be deployed in bpm and usable by the catalogue's expedientes: shared, or the organism's own (a shared option needs a shared procedure). bpm is asked with the caller's own token.",
        body: addInitialOptionBody,
        response: {
          201: initialOptionSchema,
          422: problemResponse(
            "`unknown-procedure`: the procedure is neither shared nor of the option's organism (or not deployed at all). Nothing is stored.",
          ),
          503: problemResponse('`procedure-catalogue-unavailable`: bpm could not be asked whether the procedure exists. Nothing is stored.'),
        },
      },
      // The early gate; who may add to which catalogue is decided with the catalogue's organism.
      preValidation: requireRole('admin', 'platform-admin'),
    },
    async (request, reply) => {
      // bpm answers the caller's own question: the procedures the caller may see, never more.
      const procedures = deps.procedures({ authorization: request.headers.authorization, requestId: request.id });
      const option = await addInitialOption(
        deps.ports,
        procedures,
        request.body,
        principalOf(request),
        deps.defaultOrganism,
        causeOf(request),
        auditedBy(request),
      );
      return reply.status(201).send(option);
    },
  );
}

import { requireRole, type HttpApp } from '@tramita/platform';
import { addInitialOption, listInitialOptions } from '../../application/initial-options.ts';
import type { InitialOptionRepository } from '../../domain/initial-option.ts';
import { addInitialOptionBody, initialOptionSchema, initialOptionsList } from './schemas.ts';

export function registerInitialOptionRoutes(app: HttpApp, deps: { options: InitialOptionRepository }): void {
  app.get(
    '/api/initial-options',
    { schema: { tags: ['files'], summary: 'Active initial options for a new expediente', response: { 200: initialOptionsList } } },
    async () => ({ items: await listInitialOptions(deps.options) }),
  );

  app.post(
    '/api/initial-options',
    {
      schema: {
        tags: ['files'],
        summary: 'Add an initial option (administrators); procedureCode null = the default procedure',
        body: addInitialOptionBody,
        response: { 201: initialOptionSchema },
      },
      preValidation: requireRole('admin'),
    },
    async (request, reply) => reply.status(201).send(await addInitialOption(deps.options, request.body)),
  );
}

import { z } from 'zod';
import { retryIncidentRequestSchema, retryIncidentResultSchema } from '@tramita/contracts';
import type { EngineServices, PlazoCounter } from '@tramita/bpmn';
import { actorOf, type Clock } from '@tramita/kernel';
import { auditedBy, principalOf, type HttpApp } from '@tramita/platform';
import type { FastifyRequest } from 'fastify';
import type { UnitOfWork } from '../../application/ports.ts';
import { retryIncident } from '../../application/retry-incident.ts';
import type { CalendarDefaults } from '../../application/legal-calendar.ts';

export interface IncidentHttpDeps {
  unitOfWork: UnitOfWork;
  clock: Clock;
  /** The engine's services at `now`, with the count of plazos in legal units (ADR 0016). */
  engineServices: (now: Date, plazoDue: PlazoCounter) => EngineServices;
  /** The seat of organisms that have not stated theirs (ADR 0016). */
  calendarDefaults: CalendarDefaults;
}

const causeOf = (request: FastifyRequest) => ({ source: 'bpm', correlationId: request.id, causationId: null });

/** Incidents: where a process is stuck and why (ADR 0015, point 5); an administrator retries after fixing data. */
export function registerIncidentRoutes(app: HttpApp, deps: IncidentHttpDeps): void {
  app.post(
    '/api/incidents/:id/retry',
    {
      schema: {
        tags: ['workflow'],
        summary: "Retry a stuck process after fixing its data (admin of the expediente's organism): it goes on, or a new incident says what is still wrong",
        params: z.object({ id: z.string().min(1).max(200) }),
        body: retryIncidentRequestSchema,
        response: { 200: retryIncidentResultSchema },
      },
    },
    async (request) => {
      const caller = principalOf(request);
      return deps.unitOfWork.run(causeOf(request), (repositories, outbox, audit) =>
        retryIncident(
          { ...repositories, outbox, audit, clock: deps.clock, engineServices: deps.engineServices, calendarDefaults: deps.calendarDefaults },
          { incidentId: request.params.id, variables: request.body.variables ?? {} },
          caller,
          actorOf(caller),
          auditedBy(request),
        ),
      );
    },
  );
}

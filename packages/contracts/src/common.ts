import { z } from 'zod';

/** Who did something: stable user name plus "Apellidos, Nombre" at the time. */
export const actorSchema = z.object({
  username: z.string().min(1),
  displayName: z.string().min(1),
});

/** A coded value with its Spanish name (phases, initial options). */
export const codeNameSchema = z.object({ code: z.string().min(1), name: z.string().min(1) });

/** Failure reply payload of any saga participant. */
export const failureSchema = z.object({ reason: z.string().min(1) });

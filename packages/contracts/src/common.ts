import { z } from 'zod';

/** Who did something: stable user name plus "Apellidos, Nombre" at the time. */
export const actorSchema = z.object({
  username: z.string().min(1),
  displayName: z.string().min(1),
});
export type Actor = z.infer<typeof actorSchema>;

/** Largest aggregate version: versions are stored as PostgreSQL `integer`. */
export const MAX_VERSION = 2_147_483_647;
/** An aggregate version as a client states it (expectedVersion, ?version=N). */
export const versionSchema = z.number().int().positive().max(MAX_VERSION);

/** A coded value with its Spanish name (phases, initial options). */
export const codeNameSchema = z.object({ code: z.string().min(1), name: z.string().min(1) });
export type CodeName = z.infer<typeof codeNameSchema>;

/** Failure reply payload of any saga participant. */
export const failureSchema = z.object({ reason: z.string().min(1) });

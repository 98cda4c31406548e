import { z } from 'zod';
import { ESTADOS_ELABORACION, ESTADOS_EXPEDIENTE, TIPOS_DOCUMENTALES, TIPOS_FIRMA } from '@tramita/eni/model';
import { actorSchema } from './common.ts';
import { documentResourceSchema } from './docs.ts';

/** An entry of an índice electrónico as docs serves it: a document or a folder of them (ADR 0017). */
export type IndiceEntryResource =
  | {
      kind: 'documento';
      documentId: string | null;
      identificador: string;
      name: string | null;
      valorHuella: string;
      funcionResumen: string;
      fechaIncorporacion: string | null;
      orden: string | null;
    }
  | { kind: 'carpeta'; identificador: string; entries: IndiceEntryResource[] };

export const indiceEntrySchema: z.ZodType<IndiceEntryResource> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('documento'),
      documentId: z.string().nullable(),
      identificador: z.string(),
      name: z.string().nullable(),
      valorHuella: z.string(),
      funcionResumen: z.string(),
      fechaIncorporacion: z.string().nullable(),
      orden: z.string().nullable(),
    }),
    z.object({ kind: z.literal('carpeta'), identificador: z.string(), entries: z.array(indiceEntrySchema) }),
  ]),
);

/** A signed, immutable índice: the closure one (E02) or a remission snapshot (E03). */
export const indiceSnapshotSchema = z.object({
  id: z.string(),
  estado: z.enum(ESTADOS_EXPEDIENTE),
  fechaIndice: z.string().describe('FechaIndiceElectronico (ISO 8601)'),
  firmas: z.array(z.enum(TIPOS_FIRMA)).describe('Signature types of the índice: TF01 always, TF02 when a seal is configured'),
  csv: z.string().nullable(),
  entries: z.array(indiceEntrySchema),
  createdAt: z.string(),
  createdBy: actorSchema,
});
export type IndiceSnapshotResource = z.infer<typeof indiceSnapshotSchema>;

/** `GET /api/files/{code}/indice` (docs): the live índice and every signed one, newest first. */
export const indiceResourceSchema = z.object({
  fileCode: z.string(),
  identificador: z.string().describe("The expediente's ENI identifier ES_<DIR3>_<year>_EXP_<id>"),
  estado: z.enum(ESTADOS_EXPEDIENTE).describe('E01 while open, E02 once finished'),
  current: z.object({ fechaIndice: z.string(), entries: z.array(indiceEntrySchema) }),
  snapshots: z.array(indiceSnapshotSchema),
});
export type IndiceResource = z.infer<typeof indiceResourceSchema>;

/** `POST /api/eni/imports` (docs): what a remitted expediente brought, its documents stored and ready to open it. */
export const eniImportResultSchema = z.object({
  expediente: z.object({
    identificador: z.string(),
    organos: z.array(z.string()),
    fechaApertura: z.string(),
    clasificacion: z.string(),
    estado: z.enum(ESTADOS_EXPEDIENTE),
    interesados: z.array(z.string()),
  }),
  /** Uploaded (unattached) documents in índice order: pass their ids to `POST /api/files` to open the expediente. */
  documents: z.array(documentResourceSchema),
});
export type EniImportResultResource = z.infer<typeof eniImportResultSchema>;

/** `GET /verificacion/{csv}` (docs, public): the minimum to check a document by its CSV (Ley 40/2015 art. 42.b). */
export const verificationSchema = z.object({
  csv: z.string().describe('Grouped for reading'),
  verdict: z.enum(['VIGENTE', 'ANULADO']),
  annulment: z.object({ at: z.string(), reason: z.string() }).nullable(),
  documento: z.object({
    identificador: z.string(),
    organo: z.string().describe('DIR3 code'),
    fechaCaptura: z.string(),
    tipoDocumental: z.enum(TIPOS_DOCUMENTALES),
    estadoElaboracion: z.enum(ESTADOS_ELABORACION),
    nombreFormato: z.string().nullable(),
    version: z.number().int().positive(),
    size: z.number().int(),
    sha256: z.string(),
    issuedAt: z.string(),
  }),
  firmas: z.array(z.object({ tipo: z.enum(TIPOS_FIRMA), detalle: z.string() })),
  regulacion: z.string().describe('The act that regulates the CSV (RegulacionGeneracionCSV)'),
  availableUntil: z.string().nullable(),
  links: z.object({ original: z.string(), copia: z.string().nullable(), eni: z.string() }),
});
export type VerificationResource = z.infer<typeof verificationSchema>;

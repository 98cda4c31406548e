import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { DEFAULT_PROCEDURE } from '../../services/bpm/src/domain/default-procedure.ts';

/**
 * Synthetic expedientes for benchmarks and for tests that need volume: deterministic for a seed,
 * Spanish descriptions with known term frequencies (so a query's selectivity is known), phase
 * histories that follow the default procedure, and documents whose bytes are derived on demand.
 *
 * Two ways in: `seedIndexDatabase` writes the index service's read model directly (fast, for
 * 10^5..10^6 rows; it bypasses sagas, outbox and consumers, so it measures reads only), and
 * `createThroughApi` drives the real public API (upload, create saga, transitions).
 */

export interface Actor {
  username: string;
  displayName: string;
}

export interface HistoryEntry {
  phase: { code: string; name: string };
  enteredAt: string;
  by: Actor;
}

export interface GeneratedDocument {
  name: string;
  mediaType: string;
  size: number;
  /** Seed of the content bytes (see `documentBytes`). */
  seed: number;
}

export interface GeneratedExpediente {
  code: string;
  processId: string;
  initialOption: { code: string; name: string };
  description: string;
  createdAt: string;
  createdBy: Actor;
  /** Phases entered, first the initial one; each step is a transition of the default procedure. */
  history: HistoryEntry[];
  finished: boolean;
  documents: GeneratedDocument[];
}

export interface GeneratorOptions {
  /** PRNG seed; the same seed gives the same expedientes. */
  seed?: number;
  /** Index of the first expediente (to generate a large set in slices). */
  first?: number;
  /** Code prefix; codes are `${prefix}-${year}-${nnnnnnn}`. */
  codePrefix?: string;
  /** Document size in bytes (default 100 KiB); 0 documents when `documentsPerFile` is 0. */
  documentSize?: number;
  /** Maximum documents per expediente (1..max, default 3). */
  documentsPerFile?: number;
  /** Maximum transitions walked after the initial phase (default 5). */
  maxTransitions?: number;
}

export const ACTORS: readonly Actor[] = [
  { username: 'user', displayName: 'Genérico, Usuario' },
  { username: 'agat', displayName: 'Gat Alba, Antonio' },
];

export const INITIAL_OPTIONS = [
  { code: 'SEDE', name: 'Sede electrónica' },
  { code: 'PETICION_DTO', name: 'A petición departamento' },
] as const;

/** Subjects with weights out of 100: "licencia" is in 30 % of descriptions (a broad query). */
export const SUBJECTS: readonly (readonly [string, number])[] = [
  ['Licencia de obra menor', 15],
  ['Licencia de obra mayor', 10],
  ['Licencia de actividad', 5],
  ['Solicitud de subvención', 12],
  ['Recurso de alzada', 8],
  ['Reclamación de responsabilidad patrimonial', 6],
  ['Certificado de empadronamiento', 10],
  ['Ayuda de emergencia social', 8],
  ['Contrato menor de suministros', 8],
  ['Expediente sancionador', 8],
  ['Cambio de titularidad', 5],
  ['Ocupación de vía pública', 5],
];

const OBJECTS = [
  'vivienda unifamiliar',
  'local comercial',
  'nave industrial',
  'terraza',
  'vado permanente',
  'comunidad de propietarios',
  'asociación vecinal',
  'centro educativo',
];
const SYLLABLES = ['val', 'ver', 'mon', 'ta', 'ri', 'lo', 'sa', 'cor', 'bel', 'mar', 'ga', 'le', 'do', 'na', 'pe', 'ru'];

/** How many distinct places there are; each is in about 1/PLACES of descriptions (a selective query). */
export const PLACES = 2000;

/** A made-up place name, the same for the same index (three syllables, capitalised). */
export function placeName(index: number): string {
  const i = ((index % PLACES) + PLACES) % PLACES;
  const word = `${SYLLABLES[i % 16]!}${SYLLABLES[Math.floor(i / 16) % 16]!}${SYLLABLES[Math.floor(i / 256) % 16]!}`;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Query terms whose selectivity the generator guarantees (fractions of the generated set). */
export const QUERY_TERMS = {
  broad: { q: 'licencia', expectedFraction: 0.3 },
  selective: { q: placeName(7), expectedFraction: 1 / PLACES },
} as const;

/** mulberry32: a tiny, fast, good-enough PRNG; deterministic across platforms. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FROM = Date.parse('2019-01-01T08:00:00Z');
const TO = Date.parse('2025-12-31T08:00:00Z');
const DAY = 86_400_000;

const phaseName = new Map(DEFAULT_PROCEDURE.phases.map((p) => [p.code, p.name]));
const initialPhase = DEFAULT_PROCEDURE.phases.find((p) => p.initial)!;
const terminal = new Set(DEFAULT_PROCEDURE.phases.filter((p) => p.terminal).map((p) => p.code));
const transitionsFrom = (code: string) => DEFAULT_PROCEDURE.transitions.filter((t) => t.from === code).map((t) => t.to);

/** The code of the i-th expediente (so a benchmark can look one up without keeping the set). */
export function expedienteCode(index: number, codePrefix = 'BENCH'): string {
  const year = 2019 + (index % 7);
  return `${codePrefix}-${year}-${String(index).padStart(7, '0')}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted(random: () => number, items: readonly (readonly [string, number])[]): string {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** The i-th expediente of a seed, independent of any other (slices can be generated in parallel). */
export function generateExpediente(index: number, options: GeneratorOptions = {}): GeneratedExpediente {
  const random = prng((options.seed ?? 1) * 1_000_003 + index);
  const code = expedienteCode(index, options.codePrefix);
  const createdAtMs = FROM + Math.floor(random() * (TO - FROM));
  const createdBy = pick(random, ACTORS);
  const place = placeName(Math.floor(random() * PLACES));
  const description = `${weighted(random, SUBJECTS)} para ${pick(random, OBJECTS)} en ${place}`;
  const history: HistoryEntry[] = [
    { phase: { code: initialPhase.code, name: initialPhase.name }, enteredAt: new Date(createdAtMs).toISOString(), by: createdBy },
  ];
  let at = createdAtMs;
  const steps = Math.floor(random() * ((options.maxTransitions ?? 5) + 1));
  for (let s = 0; s < steps; s += 1) {
    const current = history[history.length - 1]!.phase.code;
    if (terminal.has(current)) break;
    const next = pick(random, transitionsFrom(current));
    at += 1 + Math.floor(random() * 20 * DAY);
    history.push({ phase: { code: next, name: phaseName.get(next)! }, enteredAt: new Date(at).toISOString(), by: pick(random, ACTORS) });
  }
  const maxDocs = options.documentsPerFile ?? 3;
  const documentCount = maxDocs === 0 ? 0 : 1 + Math.floor(random() * maxDocs);
  const documents = Array.from({ length: documentCount }, (_, d) => ({
    name: `${code} documento ${d + 1}.pdf`,
    mediaType: 'application/pdf',
    size: options.documentSize ?? 100 * 1024,
    seed: index * 16 + d,
  }));
  return {
    code,
    processId: `bench-process-${options.seed ?? 1}-${index}`,
    initialOption: { ...pick(random, INITIAL_OPTIONS) },
    description,
    createdAt: new Date(createdAtMs).toISOString(),
    createdBy,
    history,
    finished: terminal.has(history[history.length - 1]!.phase.code),
    documents,
  };
}

/** `count` expedientes from `options.first` (default 0), lazily. */
export function* generateExpedientes(count: number, options: GeneratorOptions = {}): Generator<GeneratedExpediente> {
  const first = options.first ?? 0;
  for (let i = first; i < first + count; i += 1) yield generateExpediente(i, options);
}

/**
 * Deterministic content of a document: a PDF header (so docs detects application/pdf) followed
 * by pseudo-random bytes (incompressible, like scanned documents), exactly `size` bytes long.
 */
export function documentBytes(document: Pick<GeneratedDocument, 'size' | 'seed'>): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(document.size);
  const header = new TextEncoder().encode('%PDF-1.4\n');
  let block = createHash('sha256').update(`doc-${document.seed}`).digest();
  for (let offset = 0; offset < bytes.length; offset += block.length) {
    bytes.set(block.subarray(0, Math.min(block.length, bytes.length - offset)), offset);
    block = createHash('sha256').update(block).digest();
  }
  bytes.set(header.subarray(0, Math.min(header.length, bytes.length)), 0);
  return bytes;
}

/** The index service's two views of an expediente, as its consumer would have stored them. */
/** The organism of generated expedientes: the default organism benchmark users belong to. */
export const BENCH_ORGANISM = 'E00000000';

export function toIndexRows(e: GeneratedExpediente) {
  const last = e.history[e.history.length - 1]!;
  return {
    file: {
      code: e.code,
      // Benchmarks run as members of the installation's default organism.
      organism: BENCH_ORGANISM,
      processId: e.processId,
      initialOption: e.initialOption,
      description: e.description,
      createdAt: e.createdAt,
      createdBy: e.createdBy,
      updatedAt: e.createdAt,
      version: 2,
    },
    process: {
      status: 'live' as const,
      processId: e.processId,
      fileCode: e.code,
      phase: last.phase,
      finished: e.finished,
      startedAt: e.createdAt,
      updatedAt: last.enteredAt,
      version: e.history.length,
    },
  };
}

export interface SeedOptions extends GeneratorOptions {
  /** Rows per multi-row INSERT (default 1000). */
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/**
 * Writes `count` expedientes straight into the index read model (tables `file_view` and
 * `process_view` of services/index, migrated beforehand), in batched multi-row INSERTs that
 * compute the search vector with the same expression as PostgresFileSearchRepository.saveFileView.
 * Not through sagas: no outbox, no events, no files/bpm/docs rows: only the list/search side exists.
 */
export async function seedIndexDatabase(db: Kysely<unknown>, count: number, options: SeedOptions = {}): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 1000;
  const first = options.first ?? 0;
  for (let from = first; from < first + count; from += batchSize) {
    const rows = [...generateExpedientes(Math.min(batchSize, first + count - from), { ...options, first: from, documentsPerFile: 0 })].map(toIndexRows);
    await db.transaction().execute(async (trx) => {
      const files = rows.map(
        ({ file: f }) => sql`(${f.code}, ${f.organism}, ${f.processId}, ${f.initialOption.code}, ${f.initialOption.name}, ${f.description},
        ${f.createdAt}::timestamptz, ${f.createdBy.username}, ${f.createdBy.displayName}, ${f.updatedAt}::timestamptz, ${f.version},
        to_tsvector('spanish', unaccent(${f.code}::text || ' ' || ${f.description}::text)))`,
      );
      await sql`insert into file_view (code, organism, process_id, initial_option_code, initial_option_name, description,
          created_at, created_by_username, created_by_display_name, updated_at, version, search)
        values ${sql.join(files)}`.execute(trx);
      const processes = rows.map(
        ({ process: p }) => sql`(${p.processId}, ${p.fileCode}, false, ${p.phase.code}, ${p.phase.name}, ${p.finished},
        ${p.startedAt}::timestamptz, ${p.updatedAt}::timestamptz, ${p.version})`,
      );
      await sql`insert into process_view (process_id, file_code, deleted, phase_code, phase_name, finished, started_at, updated_at, version)
        values ${sql.join(processes)}`.execute(trx);
    });
    options.onProgress?.(from - first + rows.length);
  }
  await sql`analyze file_view`.execute(db);
  await sql`analyze process_view`.execute(db);
  return { rows: count, ms: performance.now() - started };
}

/** The part of the public API `createThroughApi` needs (see bench/lib/tramita-api.ts for one over HTTP). */
export interface ExpedienteApi {
  uploadDocument(name: string, bytes: Uint8Array<ArrayBuffer>, mediaType: string): Promise<string>;
  /** Starts the create saga; resolves with the saga's final status. */
  createExpediente(body: { code: string; initialOption: string; description: string; documents: string[] }): Promise<{ status: string }>;
  /** Moves the process from `expectedVersion` (a transition must name the version it moves). */
  transition(code: string, to: string, expectedVersion: number): Promise<void>;
}

/**
 * Creates the expediente through the public API: uploads its documents, runs the create saga to
 * completion and walks its phase history with real transitions. Dates are the system's own.
 */
export async function createThroughApi(api: ExpedienteApi, e: GeneratedExpediente): Promise<void> {
  const documents: string[] = [];
  for (const d of e.documents) documents.push(await api.uploadDocument(d.name, documentBytes(d), d.mediaType));
  const saga = await api.createExpediente({ code: e.code, initialOption: e.initialOption.code, description: e.description, documents });
  if (saga.status !== 'completed') throw new Error(`create saga for ${e.code} ended ${saga.status}`);
  for (const [index, step] of e.history.slice(1).entries()) await api.transition(e.code, step.phase.code, index + 1);
}

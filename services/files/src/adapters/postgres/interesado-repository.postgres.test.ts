import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingMigrations } from '@tramita/messaging';
import { migrate, openDatabase, type Database } from '@tramita/platform';
import { historyEntry, Interesado, type InteresadoDetails } from '../../domain/interesado.ts';
import type { InteresadoRepository } from '../../domain/interesado-repository.ts';
import { InMemoryInteresadoRepository } from '../in-memory/interesado-repository.in-memory.ts';
import { PostgresInteresadoRepository } from './interesado-repository.postgres.ts';

const agat = { username: 'agat', displayName: 'Gat Alba, Antonio' };
const MADRID = 'L01280796';
const OTHER = 'A01002820';
const details = (document: string, overrides: Partial<InteresadoDetails> = {}): InteresadoDetails => ({
  document,
  name: 'Pérez Gil, Ana',
  role: 'solicitante',
  channel: 'postal',
  email: null,
  phone: '+34 600 000 000',
  address: { street: 'Calle Mayor 1', postalCode: '28013', municipality: 'Madrid', province: null, country: 'ES' },
  ...overrides,
});
let minute = 0;
const add = (organism: string, fileCode: string, document: string) =>
  Interesado.add({ organism, fileCode, details: details(document), by: agat, at: new Date(Date.UTC(2026, 2, 1, 10, minute++)) });

// The same behaviour is asked of the PostgreSQL repository (on PGlite) and of its in-memory twin.
describe.each([
  { name: 'PostgresInteresadoRepository (PGlite)', postgres: true },
  { name: 'InMemoryInteresadoRepository', postgres: false },
])('$name', ({ postgres }) => {
  let database: Database<unknown> | undefined;
  let repo: InteresadoRepository;
  beforeAll(async () => {
    if (!postgres) {
      repo = new InMemoryInteresadoRepository();
      return;
    }
    database = await openDatabase<unknown>({ kind: 'memory' });
    await migrate(database.db, [messagingMigrations, { name: 'files', directory: fileURLToPath(new URL('./migrations', import.meta.url)) }]);
    repo = new PostgresInteresadoRepository(database.db);
  });
  afterAll(async () => database?.close());

  it('round-trips interesados in the order they were added and refuses a document twice in one expediente', async () => {
    const first = add(MADRID, 'I-1', '12345678Z');
    const second = add(MADRID, 'I-1', 'X1234567L');
    expect(await repo.insert(first)).toBe(true);
    expect(await repo.insert(second)).toBe(true);
    expect(await repo.insert(add(MADRID, 'I-1', '12345678Z'))).toBe(false);
    // the same person in another expediente, or the same code of another organism, is another row
    expect(await repo.insert(add(MADRID, 'I-2', '12345678Z'))).toBe(true);
    expect(await repo.insert(add(OTHER, 'I-1', '12345678Z'))).toBe(true);
    expect((await repo.listByFile({ organism: MADRID, code: 'I-1' })).map((i) => i.state)).toEqual([first.state, second.state]);
    expect((await repo.findById(first.id))?.state).toEqual(first.state);
    expect(await repo.findById('0190a000-0000-7000-8000-000000000000')).toBeNull();
  });

  it('updates and removes, keeping every history row in order', async () => {
    const interesado = add(MADRID, 'H-1', '12345678Z');
    await repo.insert(interesado);
    await repo.appendHistory(historyEntry('added', null, interesado, agat, interesado.state.addedAt));
    const before = Interesado.restore(interesado.state);
    interesado.change(details('12345678Z', { channel: 'electronic', email: 'ana@example.org', address: null }), agat, new Date('2026-04-01T00:00:00Z'), 1);
    await repo.update(interesado);
    await repo.appendHistory(historyEntry('changed', before, interesado, agat, new Date('2026-04-01T00:00:00Z')));
    expect((await repo.findById(interesado.id))?.state).toEqual(interesado.state);
    await repo.remove(interesado.id);
    await repo.appendHistory(historyEntry('removed', interesado, null, agat, new Date('2026-04-02T00:00:00Z')));
    expect(await repo.findById(interesado.id)).toBeNull();

    const history = await repo.history({ organism: MADRID, code: 'H-1' });
    expect(history.map((entry) => entry.change)).toEqual(['added', 'changed', 'removed']);
    expect(history[1]!.before).toEqual(before.state);
    expect(history[1]!.after).toEqual(interesado.state);
    expect(history[2]).toMatchObject({ after: null, by: agat, at: new Date('2026-04-02T00:00:00Z') });
    expect(await repo.history({ organism: OTHER, code: 'H-1' })).toEqual([]);
  });

  it('searches a document only in the organisms asked for (all of them for null), newest first', async () => {
    const document = 'Z1234567R';
    const own = add(MADRID, 'S-1', document);
    const ownLater = add(MADRID, 'S-2', document);
    const foreign = add(OTHER, 'S-3', document);
    for (const interesado of [own, ownLater, foreign]) await repo.insert(interesado);
    expect((await repo.searchByDocument(document, [MADRID], 10)).map((i) => i.state.fileCode)).toEqual(['S-2', 'S-1']);
    expect((await repo.searchByDocument(document, [OTHER], 10)).map((i) => i.state.fileCode)).toEqual(['S-3']);
    expect(await repo.searchByDocument(document, [], 10)).toEqual([]);
    expect((await repo.searchByDocument(document, null, 10)).map((i) => i.state.fileCode)).toEqual(['S-3', 'S-2', 'S-1']);
    expect(await repo.searchByDocument(document, null, 1)).toHaveLength(1);
  });
});

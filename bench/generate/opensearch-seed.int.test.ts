import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { OpenSearchClient } from '../../services/index/src/adapters/opensearch/client.ts';
import { OpenSearchFileSearchRepository } from '../../services/index/src/adapters/opensearch/file-search-repository.opensearch.ts';
import { deleteIndices, ensureIndices, indexNamesOf, type IndexNames } from '../../services/index/src/adapters/opensearch/indices.ts';
import { parseFileSearchQuery } from '../../services/index/src/application/file-search-query.ts';
import { BENCH_ORGANISM, expedienteCode, generateExpedientes, toIndexRows } from './expedientes.ts';
import { seedOpenSearch } from './opensearch-seed.ts';

/**
 * The seeder against a real OpenSearch (`bash scripts/infra/opensearch.sh start`, OPENSEARCH_URL
 * set to `opensearch.sh url`), on indices named for the run and deleted afterwards.
 */
const url = process.env.OPENSEARCH_URL;
const client = () => new OpenSearchClient(url!);
const created: IndexNames[] = [];
const fresh = () => {
  const names = indexNamesOf(`bench-seed-test-${randomUUID().slice(0, 8)}`);
  created.push(names);
  return names;
};

afterAll(async () => {
  if (url) for (const names of created) await deleteIndices(client(), names);
});

interface Hits {
  hits: { hits: { _id: string; _version?: number; _source: unknown }[] };
}

/** Every document of an index, by id, with its version. */
async function dump(index: string): Promise<Record<string, { version: number | undefined; source: unknown }>> {
  const { body } = await client().request<Hits>('POST', `/${index}/_search`, { body: { size: 10_000, version: true, sort: ['_doc'] } });
  return Object.fromEntries(body.hits.hits.map((h) => [h._id, { version: h._version, source: h._source }]));
}

describe.runIf(url)('seeding the read model on OpenSearch', () => {
  it('stores the same documents as the adapter writing the same views', async () => {
    const seeded = fresh();
    await seedOpenSearch(client(), seeded, 80, { seed: 9, batchSize: 30 });
    const written = fresh();
    await ensureIndices(client(), written);
    const repository = new OpenSearchFileSearchRepository(client(), written);
    for (const e of generateExpedientes(80, { seed: 9, documentsPerFile: 0 })) {
      const { file, process } = toIndexRows(e);
      await repository.saveFileView(file);
      await repository.saveProcessView(process);
    }
    await client().request('POST', `/${Object.values(written).join(',')}/_refresh`);
    for (const part of ['files', 'processes', 'list'] as const) {
      const expected = await dump(written[part]);
      expect(Object.keys(expected)).toHaveLength(80);
      const actual = await dump(seeded[part]);
      if (part === 'list') {
        // The adapter's list document went through a create and a replace: compare the documents only.
        const sources = (d: typeof expected) => Object.fromEntries(Object.entries(d).map(([id, v]) => [id, v.source]));
        expect(sources(actual)).toEqual(sources(expected));
      } else {
        expect(actual).toEqual(expected);
      }
    }
  });

  it('seeds 1 000 expedientes that the adapter finds by code, word and phase', async () => {
    const names = fresh();
    const seeded = await seedOpenSearch(client(), names, 1000, { seed: 1, batchSize: 300 });
    expect(seeded.rows).toBe(1000);
    const repository = new OpenSearchFileSearchRepository(client(), names);
    const search = (params: Record<string, string>) => repository.search({ ...parseFileSearchQuery(params, 'UTC'), organisms: [BENCH_ORGANISM] });
    const generated = [...generateExpedientes(1000, { seed: 1, documentsPerFile: 0 })];

    expect((await search({})).total).toBe(1000);
    const byCode = await search({ q: expedienteCode(417) });
    expect(byCode.items.map((i) => i.code)).toEqual([expedienteCode(417)]);
    const place = generated[3]!.description.split(' ').at(-1)!;
    const withPlace = generated.filter((e) => e.description.endsWith(` en ${place}`)).length;
    expect(withPlace).toBeGreaterThanOrEqual(1);
    expect((await search({ q: place })).total).toBe(withPlace);
    expect((await search({ q: 'licencia' })).total).toBe(generated.filter((e) => /licencia/i.test(e.description)).length);
    const validated = generated.filter((e) => e.history.at(-1)!.phase.code === 'VALIDADO').length;
    expect(validated).toBeGreaterThan(0);
    expect((await search({ phase: 'VALIDADO' })).total).toBe(validated);
    // Nothing of another organism.
    expect((await repository.search({ ...parseFileSearchQuery({}, 'UTC'), organisms: ['A01002820'] })).total).toBe(0);
  });
});

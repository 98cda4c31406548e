import { MAX_PAGE, MAX_PAGE_SIZE } from '../../application/file-search-query.ts';
import { OpenSearchError, type OpenSearchClient } from './client.ts';

/**
 * The read model's indices. Each source keeps its own view, as the PostgreSQL tables do
 * (`files`: file views by organism and code; `processes`, `plazos`: by process id), and `list`
 * holds one document per expediente joining the three, which the list searches, sorts and pages.
 */
export interface IndexNames {
  files: string;
  processes: string;
  plazos: string;
  list: string;
}

export const DEFAULT_INDEX_PREFIX = 'tramita-index';

export const indexNamesOf = (prefix: string): IndexNames => ({
  files: `${prefix}-files`,
  processes: `${prefix}-processes`,
  plazos: `${prefix}-plazos`,
  list: `${prefix}-list`,
});

/**
 * One shard (a read model of a few million small documents fits one, and a single shard counts,
 * sorts and pages exactly); a replica wherever a second node can hold it.
 */
const COMMON_SETTINGS = { number_of_shards: 1, auto_expand_replicas: '0-1' };

/** A view stored as it is, for reading back; nothing in it is indexed. */
const STORED = { type: 'object', enabled: false } as const;
const KEYWORD = { type: 'keyword' } as const;

/**
 * Text as the PostgreSQL store reads it (`to_tsvector('spanish', unaccent(…))`): words of the
 * standard tokenizer, lower case, accents folded, Spanish stop words dropped, the Snowball Spanish
 * stemmer (the one PostgreSQL's 'spanish' configuration uses). Sort keys fold case and accents
 * (`lower(unaccent(x))`) and compare in code-point order, as keywords do.
 */
const LIST_ANALYSIS = {
  filter: {
    tramita_spanish_stop: { type: 'stop', stopwords: '_spanish_' },
    tramita_spanish_stemmer: { type: 'stemmer', language: 'spanish' },
  },
  analyzer: {
    tramita_spanish: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding', 'tramita_spanish_stop', 'tramita_spanish_stemmer'] },
  },
  normalizer: {
    tramita_folded: { type: 'custom', filter: ['lowercase', 'asciifolding'] },
    tramita_lowercase: { type: 'custom', filter: ['lowercase'] },
  },
};

const FOLDED_SORT = { type: 'keyword', normalizer: 'tramita_folded' } as const;

interface IndexDefinition {
  settings: Record<string, unknown>;
  mappings: { dynamic: 'strict'; properties: Record<string, unknown> };
}

export const INDEX_DEFINITIONS: Record<keyof IndexNames, IndexDefinition> = {
  files: {
    settings: COMMON_SETTINGS,
    mappings: {
      dynamic: 'strict',
      properties: { organism: KEYWORD, code: KEYWORD, processId: KEYWORD, pending: { type: 'boolean' }, view: STORED },
    },
  },
  processes: {
    settings: COMMON_SETTINGS,
    mappings: {
      dynamic: 'strict',
      properties: { processId: KEYWORD, fileCode: KEYWORD, organism: KEYWORD, status: KEYWORD, pending: { type: 'boolean' }, view: STORED },
    },
  },
  plazos: {
    settings: COMMON_SETTINGS,
    mappings: { dynamic: 'strict', properties: { processId: KEYWORD, pending: { type: 'boolean' }, view: STORED } },
  },
  list: {
    settings: {
      ...COMMON_SETTINGS,
      // Any page the list accepts (page × size up to 10 M) can be read with from/size: a single
      // shard keeps at most from + size entries, never more than it holds documents.
      max_result_window: MAX_PAGE * MAX_PAGE_SIZE,
      analysis: LIST_ANALYSIS,
    },
    mappings: {
      dynamic: 'strict',
      properties: {
        organism: KEYWORD,
        // Sorted in code-point order; `substring` serves "part of a code, ignoring case" (n-gram indexed).
        code: { type: 'keyword', fields: { substring: { type: 'wildcard', normalizer: 'tramita_lowercase' } } },
        processId: KEYWORD,
        // The code and the description as words, for the full-text match.
        text: { type: 'text', analyzer: 'tramita_spanish', index_options: 'docs', norms: false, index_prefixes: { min_chars: 1, max_chars: 8 } },
        initialOptionCode: KEYWORD,
        phaseCode: KEYWORD,
        createdAt: { type: 'date' },
        updatedAt: { type: 'date' },
        phaseSort: FOLDED_SORT,
        initialOptionSort: FOLDED_SORT,
        descriptionSort: FOLDED_SORT,
        plazoDue: { type: 'date' },
        item: STORED,
        parts: STORED,
      },
    },
  },
};

/**
 * Creates the indices that do not exist and checks that those that do take today's mappings
 * (adding a field is accepted; changing one fails the start with OpenSearch's reason). Safe to
 * run by every replica at every start.
 */
export async function ensureIndices(client: OpenSearchClient, names: IndexNames): Promise<void> {
  for (const [part, index] of Object.entries(names) as [keyof IndexNames, string][]) {
    const definition = INDEX_DEFINITIONS[part];
    const exists = await client.request('HEAD', `/${index}`, { accept: [404] });
    if (exists.status === 404) {
      try {
        await client.request('PUT', `/${index}`, { body: definition });
        continue;
      } catch (error) {
        // Another replica created it between our look and our create: check its mappings below.
        if (!(error instanceof OpenSearchError && error.type === 'resource_already_exists_exception')) throw error;
      }
    }
    await client.request('PUT', `/${index}/_mapping`, { body: definition.mappings });
  }
}

/** Deletes the indices (tests, and an operator rebuilding the read model from the events). */
export async function deleteIndices(client: OpenSearchClient, names: IndexNames): Promise<void> {
  for (const index of Object.values(names)) await client.request('DELETE', `/${index}`, { accept: [404] });
}

import { fileSearchRepositoryContract } from '../../../test/file-search-repository.contract.ts';
import { InMemoryFileSearchRepository } from './file-search-repository.in-memory.ts';

fileSearchRepositoryContract('in-memory', async () => new InMemoryFileSearchRepository());

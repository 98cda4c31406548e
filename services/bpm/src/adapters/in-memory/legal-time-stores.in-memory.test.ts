import { Procedure } from '../../domain/procedure.ts';
import { DEFAULT_PROCEDURE } from '../../domain/default-procedure.ts';
import { Process } from '../../domain/process.ts';
import { legalTimeStoresContract } from '../legal-time-stores.contract.ts';
import { inMemoryRepositories } from './repositories.in-memory.ts';

const procedure = Procedure.define(DEFAULT_PROCEDURE);

legalTimeStoresContract('in memory', async () => {
  // Wired as the service wires them: the plazo store reads the processes beside it.
  const repositories = inMemoryRepositories();
  return {
    plazos: repositories.plazos,
    calendars: repositories.calendars,
    notices: repositories.notices,
    addProcess: async ({ processId, organism, startedAt, finished }) => {
      const actor = { username: 'ana', displayName: 'Gat Alba, Ana' };
      const started = Process.start({ processId, fileCode: `EXP-${processId}`, organism, procedure, actor, now: startedAt });
      await repositories.processes.insert(finished ? Process.restore({ ...started.state(), finished: true }) : started);
    },
  };
});

import { actorOf, validationError } from '@tramita/kernel';
import { requireRoleOnFile, type Caller } from './access.ts';
import type { MessageCause } from '@tramita/messaging';
import type { AuditedBy } from '@tramita/platform';
import { sendRecordedEvents } from './file-events.ts';
import { toRecord, type FileRecord } from './file-record.ts';
import { unknownInitialOption } from './unknown-initial-option.ts';
import { visibleFile } from './visible-file.ts';
import type { FilesPorts } from './ports.ts';

export interface EditFileInput {
  description?: string;
  /** Code of an active initial option, shared or of the expediente's organism. */
  initialOption?: string;
  /** Optimistic concurrency: the version the caller saw (required: an edit never overwrites blindly). */
  expectedVersion: number;
  /** Which organism's expediente, when two of the caller's organisms hold the code (`?organism=`). */
  organism?: string | undefined;
}

/** Edits description and/or initial option of an expediente that is not finished; publishes FileUpdated. */
export async function editFile<Tx>(
  ports: FilesPorts<Tx>,
  code: string,
  input: EditFileInput,
  caller: Caller,
  cause: MessageCause,
  audited: AuditedBy,
): Promise<FileRecord> {
  if (input.description === undefined && input.initialOption === undefined) {
    throw validationError('nothing-to-change', 'Give a description or an initial option to change.');
  }
  return ports.unitOfWork.run(cause, async (trx, outbox) => {
    const files = ports.filesIn(trx);
    const expediente = await visibleFile(files, code, caller, input.organism);
    requireRoleOnFile(caller, 'tramitador', expediente);
    let initialOption;
    if (input.initialOption !== undefined) {
      const option = await ports.optionsIn(trx).findActive(input.initialOption, expediente.organism);
      if (!option) throw unknownInitialOption(input.initialOption);
      initialOption = { code: option.code, name: option.name };
    }
    const changes = {
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(initialOption ? { initialOption } : {}),
    };
    if (expediente.edit(changes, actorOf(caller), ports.clock.now(), input.expectedVersion)) {
      await files.save(expediente);
      sendRecordedEvents(expediente, outbox);
      // Which fields changed, not their text: a description may hold personal data.
      await ports.audit.record(
        trx,
        { action: 'file.edit', organism: expediente.organism, fileCode: code, details: { fields: Object.keys(changes), version: expediente.version } },
        audited,
      );
    }
    return toRecord(expediente);
  });
}

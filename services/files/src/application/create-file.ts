import { actorOf, conflict, newId } from '@tramita/kernel';
import { organismForNewFile, unitForNewFile, type Caller } from './access.ts';
import type { MessageCause, SagaEngine } from '@tramita/messaging';
import type { AuditedBy } from '@tramita/platform';
import { assertFileCode } from '../domain/expediente.ts';
import type { FilesPorts } from './ports.ts';
import { unknownInitialOption } from './unknown-initial-option.ts';
import { FileCodeTakenError, type CreateFileSagaData } from './sagas/create-file.saga.ts';

export interface CreateFileInput {
  code: string;
  /** Code of an active initial option, shared or of the expediente's organism. */
  initialOption: string;
  description?: string;
  documentIds: string[];
  /** The organism (DIR3) it belongs to; may be left out by someone who creates expedientes in one organism only. */
  organism?: string | undefined;
  /** Its responsible unit (DIR3), one of the caller's there; may be left out by someone with one unit or none there. */
  unit?: string | undefined;
}

const codeTaken = (code: string) =>
  conflict('file-code-taken', `An expediente with code ${code} already exists in this organism (codes are compared ignoring case).`, { fileCode: code });

/**
 * Starts the create-expediente saga. The code is checked before anything happens, and a
 * concurrent request that slips past the check loses at the reservation: either way it ends in
 * `file-code-taken` and never touches the existing expediente.
 */
export async function createFile<Tx>(
  ports: FilesPorts<Tx>,
  engine: SagaEngine<CreateFileSagaData, Tx>,
  input: CreateFileInput,
  caller: Caller,
  cause: MessageCause,
  audited: AuditedBy,
): Promise<{ sagaId: string; fileCode: string }> {
  assertFileCode(input.code);
  const organism = organismForNewFile(caller, input.organism);
  const unit = unitForNewFile(caller, organism, input.unit);
  if (await ports.files.isCodeTaken(input.code, organism)) throw codeTaken(input.code);
  // Shared or of the expediente's organism: another organism's option is answered as a missing one (ADR 0013).
  const option = await ports.options.findActive(input.initialOption, organism);
  if (!option) throw unknownInitialOption(input.initialOption);
  const sagaId = newId();
  const data: CreateFileSagaData = {
    sagaId,
    code: input.code,
    organism,
    unit,
    processId: newId(),
    initialOption: { code: option.code, name: option.name },
    procedureCode: option.procedureCode,
    description: input.description ?? '',
    documentIds: [...input.documentIds],
    requestedBy: actorOf(caller),
    requestedAt: ports.clock.now().toISOString(),
    phase: null,
  };
  try {
    await ports.unitOfWork.run(cause, async (trx, outbox) => {
      await engine.start(trx, outbox, { id: sagaId, subject: input.code, data });
      // With the reservation: an expediente whose creation started is on record even if its saga
      // is compensated later (ADR 0014).
      await ports.audit.record(
        trx,
        { action: 'file.create', organism, fileCode: input.code, details: { sagaId, initialOption: option.code, documentIds: [...input.documentIds] } },
        audited,
      );
    });
  } catch (error) {
    if (error instanceof FileCodeTakenError) throw codeTaken(input.code);
    throw error;
  }
  return { sagaId, fileCode: input.code };
}

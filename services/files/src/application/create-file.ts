import { conflict, newId, validationError, type Actor } from '@tramita/kernel';
import type { MessageCause, SagaEngine } from '@tramita/messaging';
import { assertFileCode } from '../domain/expediente.ts';
import type { FilesPorts } from './ports.ts';
import { FileCodeTakenError, type CreateFileSagaData } from './sagas/create-file.saga.ts';

export interface CreateFileInput {
  code: string;
  /** Code of an active initial option. */
  initialOption: string;
  description?: string;
  documentIds: string[];
}

const codeTaken = (code: string) =>
  conflict('file-code-taken', `An expediente with code ${code} already exists (codes are compared ignoring case).`, { fileCode: code });

/**
 * Starts the create-expediente saga. The code is checked before anything happens, and a
 * concurrent request that slips past the check loses at the reservation: either way it ends in
 * `file-code-taken` and never touches the existing expediente.
 */
export async function createFile<Tx>(
  ports: FilesPorts<Tx>,
  engine: SagaEngine<CreateFileSagaData, Tx>,
  input: CreateFileInput,
  actor: Actor,
  cause: MessageCause,
): Promise<{ sagaId: string; fileCode: string }> {
  assertFileCode(input.code);
  if (await ports.files.isCodeTaken(input.code)) throw codeTaken(input.code);
  const option = await ports.options.findActive(input.initialOption);
  if (!option) {
    throw validationError('unknown-initial-option', `There is no active initial option ${input.initialOption}.`, { field: 'initialOption' });
  }
  const sagaId = newId();
  const data: CreateFileSagaData = {
    sagaId,
    code: input.code,
    processId: newId(),
    initialOption: { code: option.code, name: option.name },
    procedureCode: option.procedureCode,
    description: input.description ?? '',
    documentIds: [...input.documentIds],
    requestedBy: { username: actor.username, displayName: actor.displayName },
    requestedAt: ports.clock.now().toISOString(),
    phase: null,
  };
  try {
    await ports.unitOfWork.run(cause, (trx, outbox) => engine.start(trx, outbox, { id: sagaId, subject: input.code, data }));
  } catch (error) {
    if (error instanceof FileCodeTakenError) throw codeTaken(input.code);
    throw error;
  }
  return { sagaId, fileCode: input.code };
}

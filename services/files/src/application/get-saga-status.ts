import { isUuid, notFound, refusedAccess } from '@tramita/kernel';
import type { SagaStatusResource } from '@tramita/contracts';
import { clientStatusOf, type SagaState, type SagaStatusPresenter } from '@tramita/messaging';
import { canSeeOrganism } from '@tramita/platform';
import type { Caller } from './access.ts';

/** What a client reads about a create-expediente saga (files' contract). */
export type SagaStatusView = SagaStatusResource;

export function toSagaStatusView(state: SagaState<unknown>): SagaStatusView {
  return {
    id: state.id,
    status: clientStatusOf(state.status),
    ...(state.reason ? { reason: state.reason } : {}),
    fileCode: state.subject,
    createdAt: state.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
}

export const isFinalView = (view: SagaStatusView) => view.status !== 'running';

/** The create-expediente saga as its status stream shows it. */
export const sagaStatusPresenter: SagaStatusPresenter<SagaStatusView> = {
  present: toSagaStatusView,
  isFinal: isFinalView,
  updatedAt: (view) => view.updatedAt,
};

/**
 * A saga's status for a member of the organism the expediente is being created in; anyone else
 * gets the answer an unknown saga gets. Sagas started before organisms carry none: they belong
 * to the default organism.
 */
export async function getSagaStatus(
  find: (id: string) => Promise<SagaState<unknown> | null>,
  id: string,
  caller: Caller,
  defaultOrganism: string,
): Promise<SagaStatusView> {
  const state = isUuid(id) ? await find(id) : null;
  const missing = () => notFound('saga-not-found', `There is no saga ${id}.`);
  if (!state) throw missing();
  const organism = organismOfSaga(state) ?? defaultOrganism;
  if (!canSeeOrganism(caller, organism)) throw refusedAccess(missing(), { organism, fileCode: (state.data as { code?: string } | null)?.code ?? null });
  return toSagaStatusView(state);
}

function organismOfSaga(state: SagaState<unknown>): string | undefined {
  const data = state.data as { organism?: unknown } | null;
  return typeof data?.organism === 'string' ? data.organism : undefined;
}

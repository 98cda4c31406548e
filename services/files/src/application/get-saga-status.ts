import { isUuid, notFound } from '@tramita/kernel';
import type { SagaStatusResource } from '@tramita/contracts';
import { clientStatusOf, type SagaState, type SagaStatusPresenter } from '@tramita/messaging';

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

export async function getSagaStatus(find: (id: string) => Promise<SagaState<unknown> | null>, id: string): Promise<SagaStatusView> {
  const state = isUuid(id) ? await find(id) : null;
  if (!state) throw notFound('saga-not-found', `There is no saga ${id}.`);
  return toSagaStatusView(state);
}

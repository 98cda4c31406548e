import { isUuid, notFound } from '@tramita/kernel';
import type { SagaState } from '@tramita/messaging';

/** What a client reads about a create-expediente saga. */
export interface SagaStatusView {
  id: string;
  status: 'running' | 'completed' | 'compensated' | 'failed';
  reason?: string;
  fileCode: string;
  createdAt: string;
  updatedAt: string;
}

/** 'compensating' is still work in progress for a client: it reads 'running'. */
export function toSagaStatusView(state: SagaState<unknown>): SagaStatusView {
  return {
    id: state.id,
    status: state.status === 'compensating' ? 'running' : state.status,
    ...(state.reason ? { reason: state.reason } : {}),
    fileCode: state.subject,
    createdAt: state.createdAt.toISOString(),
    updatedAt: state.updatedAt.toISOString(),
  };
}

export const isFinalView = (view: SagaStatusView) => view.status !== 'running';

export async function getSagaStatus(find: (id: string) => Promise<SagaState<unknown> | null>, id: string): Promise<SagaStatusView> {
  const state = isUuid(id) ? await find(id) : null;
  if (!state) throw notFound('saga-not-found', `There is no saga ${id}.`);
  return toSagaStatusView(state);
}

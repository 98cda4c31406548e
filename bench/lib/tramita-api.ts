import type { ExpedienteApi } from '../generate/expedientes.ts';
import type { HttpClient } from './http.ts';

/** What the benchmark reads of a work item (GET /api/tasks, packages/contracts/src/tasks.ts). */
export interface OpenTask {
  taskId: string;
  nodeId: string;
}

export interface SagaStatus {
  id: string;
  status: 'running' | 'completed' | 'compensated' | 'failed';
  fileCode: string;
  reason?: string;
}

/** Tramita's public API over a benchmark HttpClient (the gateway's paths, see README.md). */
export class TramitaApi implements ExpedienteApi {
  readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  async uploadDocument(name: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    const response = await this.http.upload('/api/docs', name, bytes, mediaType);
    if (response.status !== 201) throw new Error(`upload: HTTP ${response.status}: ${response.body.toString('utf8').slice(0, 200)}`);
    return (JSON.parse(response.body.toString('utf8')) as { id: string }).id;
  }

  /** POST /api/files (202) and the saga's Location. */
  async startCreate(body: { code: string; initialOption: string; description: string; documents: string[] }): Promise<string> {
    const { headers } = await this.http.json('POST', '/api/files', body, 202);
    const location = headers.location;
    if (!location) throw new Error('create: 202 without Location');
    return location;
  }

  /** Follows the saga's event stream until it is no longer running. */
  async awaitSaga(location: string): Promise<SagaStatus> {
    return this.http.untilEvent<SagaStatus>(location, (s) => s.status !== 'running');
  }

  async createExpediente(body: { code: string; initialOption: string; description: string; documents: string[] }): Promise<SagaStatus> {
    return this.awaitSaga(await this.startCreate(body));
  }

  async transition(code: string, to: string, expectedVersion: number): Promise<void> {
    await this.http.json('POST', `/api/files/${encodeURIComponent(code)}/transitions`, { to, expectedVersion }, 200);
  }

  async search(query: Record<string, string>): Promise<{ items: { code: string; phase: { code: string } | null }[]; total: number }> {
    const { body } = await this.http.json<{ items: { code: string; phase: { code: string } | null }[]; total: number }>(
      'GET',
      `/api/files?${new URLSearchParams(query).toString()}`,
    );
    return body;
  }

  /** The caller's open tasks of one expediente (its inbox filtered by fileCode). */
  async openTasks(fileCode: string): Promise<OpenTask[]> {
    const { body } = await this.http.json<{ items: OpenTask[] }>('GET', `/api/tasks?${new URLSearchParams({ fileCode, limit: '200' }).toString()}`);
    return body.items.map(({ taskId, nodeId }) => ({ taskId, nodeId }));
  }

  /** Completes a task with no decision (one way out) and no variables: the caller is among its candidates, so no claim first. */
  async completeTask(taskId: string): Promise<void> {
    await this.http.json('POST', `/api/tasks/${encodeURIComponent(taskId)}/complete`, {}, 200);
  }
}

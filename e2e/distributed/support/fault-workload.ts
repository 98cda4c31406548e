import type { ApiClient } from '../../support/api-client.ts';

/**
 * The steady stream the fault tests run while something breaks: creates (upload a document, then
 * POST /api/files) and transitions (POST /api/files/{code}/transitions, one step of WALK at a
 * time over the expedientes whose saga completed), recording what the API accepted, what it
 * refused and what stayed in doubt, so `verifyAfterFaults` can check every effect afterwards.
 */

/** A legal walk through the default procedure (with its rejection loop). */
export const WALK = ['ANALISIS_TECNICO', 'RECHAZADO', 'INICIAL', 'ANALISIS_TECNICO', 'VALIDADO', 'FINALIZADO'] as const;

export interface FaultWorkloadOptions {
  /** Every code starts with it, so checks see only this stream's expedientes whatever else the stack holds. */
  prefix: string;
  /** The gateway: uploads, saga status, and every command unless told otherwise below. */
  api: ApiClient;
  /** Where creates go, in turn (default [api]); e.g. a second replica's own port. */
  createVia?: ApiClient[];
  /** Where transitions go, in turn (default [api]). */
  transitionVia?: ApiClient[];
  /** Creates attempted at most (default 200). */
  maxCreates?: number;
  /**
   * Creates wait while this many accepted sagas were not yet seen ending (default 30), as a
   * client with bounded patience would: an outage that stops sagas also stops the flood.
   */
  maxSagasInFlight?: number;
  /** Creates running side by side (default 1). */
  creators?: number;
}

/** A create the API accepted (202). */
export interface TrackedFile {
  code: string;
  documentId: string;
  /** The saga's location, `/api/sagas/<id>`. */
  saga: string;
  /** Transitions answered 200, in order. */
  accepted: string[];
  /** A transition whose answer never came (connection lost, 5xx): done once or not at all. */
  inDoubt: string | undefined;
  /** Last saga status seen. */
  sagaStatus?: string;
}

/** A create without a clear answer (connection lost, 5xx): its saga may or may not have started. */
export interface InDoubtCreate {
  code: string;
  documentId: string;
}

export interface WorkloadCounts {
  creates: number;
  transitions: number;
}

export interface WorkloadResult {
  prefix: string;
  /** Accepted commands per client of `createVia` / `transitionVia`, in their order. */
  acceptedVia: { creates: number[]; transitions: number[] };
  tracked: TrackedFile[];
  inDoubtCreates: InDoubtCreate[];
  /** Creates refused with a 4xx: nothing may be left of them. */
  refusedCreates: InDoubtCreate[];
}

export interface FaultWorkload {
  /** Requests waiting for their answer right now. */
  inFlight(): WorkloadCounts;
  /** Commands accepted so far (202 creates, 200 transitions). */
  accepted(): WorkloadCounts;
  /** Accepted creates whose saga was not yet seen ending. */
  sagasInFlight(): number;
  /** Stops the stream and waits for the requests in flight. */
  stop(): Promise<WorkloadResult>;
}

const pdf = (text: string) => new TextEncoder().encode(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
const ended = (status: string | undefined) => status === 'completed' || status === 'compensated' || status === 'failed';

export function startFaultWorkload(options: FaultWorkloadOptions): FaultWorkload {
  const { api, prefix } = options;
  const createVia = options.createVia ?? [api];
  const transitionVia = options.transitionVia ?? [api];
  const maxCreates = options.maxCreates ?? 200;
  const maxSagasInFlight = options.maxSagasInFlight ?? 30;
  const tracked: TrackedFile[] = [];
  const inDoubtCreates: InDoubtCreate[] = [];
  const refusedCreates: InDoubtCreate[] = [];
  const inFlight: WorkloadCounts = { creates: 0, transitions: 0 };
  const accepted: WorkloadCounts = { creates: 0, transitions: 0 };
  const acceptedVia = { creates: createVia.map(() => 0), transitions: transitionVia.map(() => 0) };
  let streaming = true;
  let next = 0;
  let transitionsSent = 0;
  const sagasInFlight = () => tracked.filter((t) => !ended(t.sagaStatus)).length;

  /** Runs one command, counting it as in flight until its answer (or failure) arrives. */
  const send = async (kind: keyof WorkloadCounts, via: ApiClient, method: string, path: string, body: unknown): Promise<number | undefined> => {
    inFlight[kind]++;
    try {
      const response = await via.request(method, path, body);
      await response.arrayBuffer().catch(() => undefined);
      return response.status;
    } catch {
      return undefined;
    } finally {
      inFlight[kind]--;
    }
  };

  // Creates: upload, then POST /api/files, one after another in each creator.
  const creator = async () => {
    while (streaming && next < maxCreates) {
      if (sagasInFlight() >= maxSagasInFlight) {
        await sleep(100);
        continue;
      }
      const i = next++;
      const code = `${prefix}-${String(i).padStart(3, '0')}`;
      const uploaded = await api.upload(`${code}.pdf`, pdf(code)).catch(() => undefined);
      if (uploaded?.status !== 201) {
        await uploaded?.arrayBuffer().catch(() => undefined);
        await sleep(200);
        continue;
      }
      const { id: documentId } = (await uploaded.json()) as { id: string };
      const via = i % createVia.length;
      inFlight.creates++;
      const created = await createVia[via]!.request('POST', '/api/files', {
        code,
        initialOption: 'SEDE',
        description: `fault ${code}`,
        documents: [documentId],
      })
        .catch(() => undefined)
        .finally(() => inFlight.creates--);
      if (created?.status === 202) {
        tracked.push({ code, documentId, saga: created.headers.get('location')!, accepted: [], inDoubt: undefined });
        accepted.creates++;
        acceptedVia.creates[via]!++;
      } else if (created && created.status >= 400 && created.status < 500) {
        refusedCreates.push({ code, documentId });
      } else {
        inDoubtCreates.push({ code, documentId });
      }
      await created?.arrayBuffer().catch(() => undefined);
      await sleep(100);
    }
  };

  // Transitions: round-robin over the expedientes whose saga completed, one step of the walk each.
  const walker = async () => {
    while (streaming) {
      const ready: TrackedFile[] = [];
      for (const t of [...tracked]) {
        if (!streaming) break;
        if (t.inDoubt !== undefined || t.accepted.length >= WALK.length || (ended(t.sagaStatus) && t.sagaStatus !== 'completed')) continue;
        if (t.sagaStatus !== 'completed') {
          const saga = await api.json<{ status: string }>('GET', t.saga).catch(() => undefined);
          if (saga?.status) t.sagaStatus = saga.status;
        }
        if (t.sagaStatus === 'completed') ready.push(t);
      }
      for (const t of ready) {
        if (!streaming) break;
        const to = WALK[t.accepted.length]!;
        const via = transitionsSent++ % transitionVia.length;
        // The process is at version 1 + the transitions accepted so far (nothing else moves it here).
        const status = await send('transitions', transitionVia[via]!, 'POST', `/api/files/${t.code}/transitions`, {
          to,
          expectedVersion: t.accepted.length + 1,
        });
        if (status === 200) {
          t.accepted.push(to);
          accepted.transitions++;
          acceptedVia.transitions[via]!++;
        }
        // A clean refusal from a live bpm is impossible here (the walk is legal): anything but 200 is in doubt.
        else t.inDoubt = to;
      }
      await sleep(100);
    }
  };

  const running = Promise.all([...Array.from({ length: options.creators ?? 1 }, creator), walker()]);

  return {
    inFlight: () => ({ ...inFlight }),
    accepted: () => ({ ...accepted }),
    sagasInFlight,
    async stop() {
      streaming = false;
      await running;
      return { prefix, acceptedVia, tracked, inDoubtCreates, refusedCreates };
    },
  };
}

/** Waits until `condition` holds (polling often, so a fault lands right when it does), or fails after `timeoutMs`. */
export async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await sleep(2);
  }
}

import { procedureListSchema } from '@tramita/contracts';
import type { CatalogueAsker, ProcedureCatalogue, ProcedureUsability } from '../../application/procedure-catalogue.ts';

export interface HttpProcedureCatalogueOptions {
  /** bpm's base URL; undefined when this process was not told where bpm listens. */
  bpmUrl: string | undefined;
  asker: CatalogueAsker;
  /** How long bpm may take to answer, body included. */
  timeoutMs: number;
}

const unavailable = (reason: string): ProcedureUsability => ({ kind: 'unavailable', reason });

/**
 * bpm's procedure catalogue over HTTP: `GET /api/procedures` with the caller's own bearer token,
 * so bpm answers with the shared procedures and those of the caller's organisms, never more.
 */
export class HttpProcedureCatalogue implements ProcedureCatalogue {
  private readonly options: HttpProcedureCatalogueOptions;

  constructor(options: HttpProcedureCatalogueOptions) {
    this.options = options;
  }

  async usability(code: string, organism: string | null): Promise<ProcedureUsability> {
    const { bpmUrl, asker, timeoutMs } = this.options;
    if (!bpmUrl) return unavailable('the address of the bpm service is not configured');
    let body: unknown;
    try {
      const response = await fetch(`${bpmUrl.replace(/\/$/, '')}/api/procedures`, {
        headers: { accept: 'application/json', 'x-request-id': asker.requestId, ...(asker.authorization ? { authorization: asker.authorization } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        return unavailable(`the bpm service answered ${response.status}`);
      }
      body = await response.json();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError') return unavailable(`the bpm service did not answer within ${timeoutMs} ms`);
      if (error instanceof SyntaxError) return unavailable('the bpm service answered something that is not JSON');
      return unavailable('the bpm service could not be reached');
    }
    const list = procedureListSchema.safeParse(body);
    if (!list.success) return unavailable('the bpm service answered a procedure list its contract does not allow');
    // An item without `organism` comes from a server older than organisms: its procedures are shared.
    const usable = list.data.items.some((p) => p.code === code && ((p.organism ?? null) === null || p.organism === organism));
    return { kind: usable ? 'usable' : 'unusable' };
  }
}

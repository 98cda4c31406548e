import type { CompensationLog } from '../../application/compensation-log.ts';

/** Tombstones in a Map, for unit tests. */
export class MemoryCompensationLog implements CompensationLog {
  readonly entries = new Map<string, { fileCode: string; at: Date }>();

  async record(attachmentId: string, fileCode: string, at: Date): Promise<void> {
    if (!this.entries.has(attachmentId)) this.entries.set(attachmentId, { fileCode, at });
  }

  async has(attachmentId: string): Promise<boolean> {
    return this.entries.has(attachmentId);
  }
}

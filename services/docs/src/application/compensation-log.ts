/**
 * Attachments undone by a compensation, by attachment (saga) id. A late original command of a
 * compensated saga finds its tombstone here and is refused instead of attaching for good.
 */
export interface CompensationLog {
  record(attachmentId: string, fileCode: string, at: Date): Promise<void>;
  has(attachmentId: string): Promise<boolean>;
}

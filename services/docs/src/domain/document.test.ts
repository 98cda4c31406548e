import { describe, expect, it } from 'vitest';
import { Document } from './document.ts';

const ana = { username: 'ana', displayName: 'Pérez, Ana' };
const luis = { username: 'luis', displayName: 'Gil, Luis' };
const t0 = new Date('2026-01-01T10:00:00Z');
const t1 = new Date('2026-01-01T11:00:00Z');

const uploaded = () => Document.upload({ id: 'd1', name: 'a.pdf', mediaType: 'application/pdf', size: 10, sha256: 'f'.repeat(64), uploadedBy: ana, at: t0 });

describe('Document', () => {
  it('starts unattached, stamped with its uploader', () => {
    expect(uploaded().snapshot()).toMatchObject({ fileCode: null, attachmentId: null, createdBy: ana, updatedBy: ana, createdAt: t0, updatedAt: t0 });
  });

  it('cannot be empty', () => {
    expect(() => Document.upload({ id: 'd', name: 'a', mediaType: 'text/plain', size: 0, sha256: '0'.repeat(64), uploadedBy: ana, at: t0 })).toThrow(
      expect.objectContaining({ code: 'file-empty' }),
    );
  });

  it('attaches for its uploader and records who and when', () => {
    const document = uploaded();
    expect(document.attachTo('EXP-1', ana, t1, 'saga-1', 'E00000000')).toBe(true);
    expect(document.snapshot()).toMatchObject({ fileCode: 'EXP-1', attachmentId: 'saga-1', updatedAt: t1, updatedBy: ana });
  });

  it('attaching again to the same expediente is a no-op', () => {
    const document = uploaded();
    document.attachTo('EXP-1', ana, t1, 'saga-1', 'E00000000');
    expect(document.attachTo('EXP-1', ana, new Date('2026-02-01'), 'saga-2', 'E00000000')).toBe(false);
    expect(document.snapshot()).toMatchObject({ attachmentId: 'saga-1', updatedAt: t1 });
  });

  it('names why it cannot be attached: another uploader, or another expediente', () => {
    const document = uploaded();
    expect(document.attachProblem('EXP-1', luis)).toContain('uploaded by another user');
    document.attachTo('EXP-1', ana, t1, null, 'E00000000');
    expect(document.attachProblem('EXP-2', ana)).toContain('already attached to expediente EXP-1');
    expect(() => document.attachTo('EXP-2', ana, t1, null, 'E00000000')).toThrow(expect.objectContaining({ code: 'document-not-attachable' }));
  });

  it('detaches only from its own expediente and only for the attachment that made it', () => {
    const document = uploaded();
    document.attachTo('EXP-1', ana, t1, 'saga-1', 'E00000000');
    expect(document.detachFrom('EXP-2', 'saga-1', luis, t1)).toBe(false);
    expect(document.detachFrom('EXP-1', 'saga-other', luis, t1)).toBe(false);
    expect(document.fileCode).toBe('EXP-1');
    expect(document.detachFrom('EXP-1', 'saga-1', luis, t1)).toBe(true);
    expect(document.snapshot()).toMatchObject({ fileCode: null, attachmentId: null, updatedBy: luis });
    expect(document.detachFrom('EXP-1', 'saga-1', luis, t1)).toBe(false);
  });

  it('detaches without an attachment id whatever attached it', () => {
    const document = uploaded();
    document.attachTo('EXP-1', ana, t1, 'saga-1', 'E00000000');
    expect(document.detachFrom('EXP-1', null, luis, t1)).toBe(true);
  });

  it('may be deleted by its uploader or an admin, and only while unattached', () => {
    const document = uploaded();
    expect(() => document.ensureDeletableBy(ana, false)).not.toThrow();
    expect(() => document.ensureDeletableBy(luis, true)).not.toThrow();
    expect(() => document.ensureDeletableBy(luis, false)).toThrow(expect.objectContaining({ code: 'document-not-owned', category: 'forbidden' }));
    document.attachTo('EXP-1', ana, t1, null, 'E00000000');
    expect(() => document.ensureDeletableBy(ana, false)).toThrow(expect.objectContaining({ code: 'document-attached', category: 'conflict' }));
  });

  it('restores from a snapshot unchanged', () => {
    const snapshot = uploaded().snapshot();
    const restored = Document.restore(snapshot);
    expect(restored.snapshot()).toEqual(snapshot);
    expect(restored.createdBy).toEqual(ana);
    expect(restored.createdAt).toEqual(t0);
  });
});

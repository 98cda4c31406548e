import type { InteresadoResource } from '@tramita/contracts';
import type { InteresadoHistoryEntry, InteresadoState } from '../domain/interesado.ts';

/** An interesado as files serves it (packages/contracts). */
export function toInteresadoResource(s: Readonly<InteresadoState>): InteresadoResource {
  return {
    id: s.id,
    fileCode: s.fileCode,
    organism: s.organism,
    document: s.document,
    documentKind: s.documentKind,
    name: s.name,
    role: s.role,
    channel: s.channel,
    email: s.email,
    phone: s.phone,
    address: s.address ? { ...s.address } : null,
    version: s.version,
    addedAt: s.addedAt.toISOString(),
    addedBy: { ...s.addedBy },
    updatedAt: s.updatedAt.toISOString(),
    updatedBy: { ...s.updatedBy },
  };
}

export function toHistoryEntryResource(entry: InteresadoHistoryEntry) {
  return {
    interesadoId: entry.interesadoId,
    change: entry.change,
    at: entry.at.toISOString(),
    by: { ...entry.by },
    before: entry.before ? toInteresadoResource(entry.before) : null,
    after: entry.after ? toInteresadoResource(entry.after) : null,
  };
}

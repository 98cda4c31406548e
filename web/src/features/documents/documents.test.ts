import { describe, expect, it } from 'vitest';
import { setupI18n } from '../../i18n/i18n.ts';
import { documentItem, indice } from './documents-fixtures.ts';
import { abbreviateHash, digestName, groupCsv, inIndiceOrder, indiceRows } from './documents.ts';
import { EMPTY_ENI_DRAFT, checkEniDraft, eniInputOf } from './eni-draft.ts';

const t = setupI18n('es').t;

describe('documents rules', () => {
  it('groups a CSV in fives for reading', () => {
    expect(groupCsv('SEV7K3M9QX2RTVB6WZ4HNPCJD')).toBe('SEV7K-3M9QX-2RTVB-6WZ4H-NPCJD');
    expect(groupCsv('ABCDEFG')).toBe('ABCDE-FG');
  });

  it('abbreviates a digest and names its function', () => {
    expect(abbreviateHash('0123456789abcdef')).toBe('0123456789ab…');
    expect(abbreviateHash('abc')).toBe('abc');
    expect(digestName('http://www.w3.org/2001/04/xmlenc#sha512')).toBe('SHA-512');
    expect(digestName('urn:other')).toBe('urn:other');
  });

  it('orders documents by their place in the índice, the removed ones last', () => {
    const order = inIndiceOrder([
      documentItem({ id: 'removed', position: null, removal: { at: 'x', by: { username: 'a', displayName: 'A' }, reason: 'r' } }),
      documentItem({ id: 'second', position: 2 }),
      documentItem({ id: 'first', position: 1 }),
    ]).map((d) => d.id);
    expect(order).toEqual(['first', 'second', 'removed']);
  });

  it('flattens the folders of an índice, each document with its folder', () => {
    expect(indiceRows(indice().current.entries).map((r) => [r.entry.orden, r.folder])).toEqual([
      ['1', null],
      ['2', 'informes'],
    ]);
  });

  it('asks for the source document of an EE02 or EE04 copy only, and sends it only for them', () => {
    const draft = { ...EMPTY_ENI_DRAFT, tipoDocumental: 'TD11' as const, origen: 'administracion' as const, estadoElaboracion: 'EE04' as const };
    expect(checkEniDraft(draft, t)).toEqual({ identificadorDocumentoOrigen: t('documents.fields.sourceRequired') });
    expect(checkEniDraft({ ...draft, estadoElaboracion: 'EE03' }, t)).toEqual({});
    expect(eniInputOf({ ...draft, estadoElaboracion: 'EE01', identificadorDocumentoOrigen: 'ES_X' }).identificadorDocumentoOrigen).toBeNull();
    expect(eniInputOf({ ...draft, identificadorDocumentoOrigen: ' ES_X ', folder: ' ' })).toMatchObject({ identificadorDocumentoOrigen: 'ES_X', folder: null });
    expect(Object.keys(checkEniDraft(EMPTY_ENI_DRAFT, t))).toEqual(['tipoDocumental', 'origen', 'estadoElaboracion']);
  });
});

import { describe, expect, it } from 'vitest';
import type { DocumentoMetadatos, ExpedienteMetadatos } from './model.ts';
import { checkDocumentoMetadatos, checkExpedienteMetadatos, checkFirmas, mediaTypeFor, nombreFormatoFor } from './rules.ts';

const documento: DocumentoMetadatos = {
  identificador: 'ES_L01410917_2026_000000000000000000000000000001',
  organos: ['L01410917'],
  fechaCaptura: '2026-03-02T09:15:00+01:00',
  origen: 'administracion',
  estadoElaboracion: 'EE01',
  identificadorDocumentoOrigen: null,
  tipoDocumental: 'TD01',
};
const expediente: ExpedienteMetadatos = {
  identificador: 'ES_L01410917_2026_EXP_000000000000000000000000000042',
  organos: ['L01410917'],
  fechaApertura: '2026-03-02T09:10:00+01:00',
  clasificacion: 'L01410917_PRO_LICOBRAMENOR',
  estado: 'E01',
  interesados: ['12345678Z'],
};

describe("Tramita's ENI rules beyond the schemas", () => {
  it('accepts well-formed metadata', () => {
    expect(checkDocumentoMetadatos(documento)).toEqual([]);
    expect(checkExpedienteMetadatos(expediente, { hasInteresados: true })).toEqual([]);
  });

  it('refuses the parliamentary types some schema copies accept', () => {
    expect(checkDocumentoMetadatos({ ...documento, tipoDocumental: 'TD51' as never })).toEqual([
      expect.objectContaining({ element: 'metadatos/TipoDocumental' }),
    ]);
  });

  it('asks copies EE02 and EE04, and only them, for their source document', () => {
    expect(checkDocumentoMetadatos({ ...documento, estadoElaboracion: 'EE02' })[0]?.element).toBe('metadatos/EstadoElaboracion/IdentificadorDocumentoOrigen');
    expect(
      checkDocumentoMetadatos({ ...documento, estadoElaboracion: 'EE04', identificadorDocumentoOrigen: 'ES_L01410917_2026_000000000000000000000000000009' }),
    ).toEqual([]);
    expect(checkDocumentoMetadatos({ ...documento, identificadorDocumentoOrigen: 'ES_L01410917_2026_000000000000000000000000000009' })).toHaveLength(1);
  });

  it('refuses organs that are not DIR3 codes, dates without an offset, a bad clasificación and missing interesados', () => {
    expect(checkDocumentoMetadatos({ ...documento, organos: ['Sevilla'] }).map((p) => p.element)).toContain('metadatos/Organo');
    expect(checkDocumentoMetadatos({ ...documento, fechaCaptura: '2026-03-02T09:15:00' })[0]?.element).toBe('metadatos/FechaCaptura');
    expect(checkExpedienteMetadatos({ ...expediente, clasificacion: 'licencia' }, { hasInteresados: true })[0]?.element).toBe('metadatosExp/Clasificacion');
    expect(checkExpedienteMetadatos({ ...expediente, clasificacion: '123456' }, { hasInteresados: true })).toEqual([]);
    expect(checkExpedienteMetadatos({ ...expediente, interesados: [] }, { hasInteresados: true })[0]?.element).toBe('metadatosExp/Interesado');
  });

  it('needs at least one signature, and a CSV signature with its value and regulation', () => {
    expect(checkFirmas([])).toHaveLength(1);
    expect(checkFirmas([{ tipo: 'TF01', id: null, ref: null, valorCsv: '', regulacionGeneracionCsv: 'BOE' }])).toHaveLength(1);
    expect(checkFirmas([{ tipo: 'TF01', id: null, ref: null, valorCsv: 'X', regulacionGeneracionCsv: 'BOE' }])).toEqual([]);
  });

  it('names formats from the catalogue by media type, and back', () => {
    expect(nombreFormatoFor('application/pdf')).toBe('PDF');
    expect(nombreFormatoFor('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('DOCX');
    expect(nombreFormatoFor('application/x-unknown')).toBeNull();
    expect(mediaTypeFor('png')).toBe('image/png');
  });
});

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
    expect(checkFirmas([{ tipo: 'TF01', id: null, ref: null, valorCsv: 'X', regulacionGeneracionCsv: '' }])[0]?.element).toBe(
      'firmas/firma/ContenidoFirma/CSV',
    );
  });

  it('needs the signature itself in a certificate signature', () => {
    expect(checkFirmas([{ tipo: 'TF02', id: null, ref: null, firma: { kind: 'ds-signature', xml: '' } }])[0]?.element).toBe(
      'firmas/firma/ContenidoFirma/FirmaConCertificado',
    );
    expect(checkFirmas([{ tipo: 'TF04', id: null, ref: null, firma: { kind: 'base64', value: '' } }])).toHaveLength(1);
    expect(checkFirmas([{ tipo: 'TF06', id: null, ref: null, firma: { kind: 'referencia', value: '#CONTENIDO' } }])).toEqual([]);
  });

  it('refuses an estado de elaboración, a tipo documental or an estado de expediente outside the official lists', () => {
    expect(checkDocumentoMetadatos({ ...documento, estadoElaboracion: 'EE05' as never }).map((p) => p.element)).toEqual([
      'metadatos/EstadoElaboracion/ValorEstadoElaboracion',
    ]);
    expect(checkDocumentoMetadatos({ ...documento, tipoDocumental: 'TD21' as never }).map((p) => p.element)).toEqual(['metadatos/TipoDocumental']);
    expect(checkExpedienteMetadatos({ ...expediente, estado: 'E04' as never }, { hasInteresados: true }).map((p) => p.element)).toEqual([
      'metadatosExp/Estado',
    ]);
  });

  it('checks the identifier against the organs and the date of the metadata', () => {
    expect(checkDocumentoMetadatos({ ...documento, organos: ['E00010207'] }).map((p) => p.element)).toEqual(['metadatos/Identificador']);
    expect(checkExpedienteMetadatos({ ...expediente, fechaApertura: '2027-01-01T00:00:00+01:00' }, { hasInteresados: true }).map((p) => p.element)).toEqual([
      'metadatosExp/Identificador',
    ]);
    expect(checkExpedienteMetadatos({ ...expediente, organos: [] }, { hasInteresados: true }).map((p) => p.element)).toContain('metadatosExp/Organo');
    expect(checkExpedienteMetadatos({ ...expediente, interesados: [] }, { hasInteresados: false })).toEqual([]);
  });

  it('names formats from the catalogue by media type, and back', () => {
    expect(nombreFormatoFor('application/pdf')).toBe('PDF');
    expect(nombreFormatoFor('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('DOCX');
    expect(nombreFormatoFor('application/x-unknown')).toBeNull();
    expect(mediaTypeFor('png')).toBe('image/png');
    expect(nombreFormatoFor('text/xml')).toBe('XML');
    expect(nombreFormatoFor('Application/PDF; charset=binary')).toBe('PDF');
    expect(mediaTypeFor('EXE')).toBeNull();
  });

  it('maps every listed format to a media type and back to the same name', () => {
    const names = ['PDF', 'PNG', 'JPEG', 'TIFF', 'SVG', 'TXT', 'XML', 'HTML', 'ODT', 'ODS', 'DOCX', 'XLSX', 'ZIP', 'GZIP', 'CSV', 'MP3', 'MP4'];
    for (const name of names) {
      const mediaType = mediaTypeFor(name);
      expect(mediaType, name).not.toBeNull();
      expect(nombreFormatoFor(mediaType!)).toBe(name);
    }
  });
});

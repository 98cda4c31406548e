import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DIGEST_URIS, VERSION_NTI, type DocumentoEni, type ExpedienteMetadatos, type FirmaEni, type IndiceContenido } from '../model.ts';
import { validateEniXml } from '../xsd/index.ts';
import { readDocumentoXml } from './read-documento.ts';
import { readExpedienteXml } from './read-expediente.ts';
import { writeDocumentoXml } from './write-documento.ts';
import { writeExpedienteXml } from './write-expediente.ts';
import { indiceContenidoId, writeIndiceContenidoXml, writeIndiceXml } from './write-indice.ts';

const EXAMPLES = new URL('../../xsd/examples/', import.meta.url);
const DOC_ID = 'ES_L01410917_2026_000000000000000000000000000001';
const EXP_ID = 'ES_L01410917_2026_EXP_000000000000000000000000000042';
const csvFirma = (ref: string): Extract<FirmaEni, { tipo: 'TF01' }> => ({
  tipo: 'TF01',
  id: 'FIRMA_0',
  ref,
  valorCsv: '7K3M9QX2RTVB6WZ4HNPCJD8FGA',
  regulacionGeneracionCsv: 'BOP-SE-2026-0000',
});

/** A hand-written ds:Signature with the elements the XML Signature schema requires (its values are not a real signature). */
const dsSignature = (uri: string) =>
  `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="S1"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="${uri}"><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`;

const documento: DocumentoEni = {
  contenido: new TextEncoder().encode('%PDF-1.7\nhola'),
  nombreFormato: 'PDF',
  metadatos: {
    identificador: DOC_ID,
    organos: ['L01410917'],
    fechaCaptura: '2026-03-02T09:15:00+01:00',
    origen: 'ciudadano',
    estadoElaboracion: 'EE02',
    identificadorDocumentoOrigen: 'ES_L01410917_2026_000000000000000000000000000009',
    tipoDocumental: 'TD14',
  },
  firmas: [csvFirma(`#${DOC_ID}_CONTENIDO`)],
};

const indice: IndiceContenido = {
  fechaIndice: '2026-05-04T12:00:00+02:00',
  entries: [
    {
      kind: 'documento',
      identificador: DOC_ID,
      valorHuella: 'ab'.repeat(32),
      funcionResumen: DIGEST_URIS.sha256,
      fechaIncorporacion: '2026-03-02T09:15:00+01:00',
      orden: '1',
    },
    {
      kind: 'carpeta',
      identificador: 'ALEGACIONES',
      entries: [
        {
          kind: 'documento',
          identificador: 'ES_L01410917_2026_000000000000000000000000000002',
          valorHuella: 'cd'.repeat(32),
          funcionResumen: DIGEST_URIS.sha256,
          fechaIncorporacion: null,
          orden: '2',
        },
        {
          kind: 'carpeta',
          identificador: 'SUBSANACION',
          entries: [
            {
              kind: 'documento',
              identificador: 'ES_L01410917_2026_000000000000000000000000000004',
              valorHuella: '01'.repeat(32),
              funcionResumen: DIGEST_URIS.sha256,
              fechaIncorporacion: '2026-04-01T10:00:00+02:00',
              orden: '3',
            },
          ],
        },
      ],
    },
    {
      kind: 'expediente',
      identificador: 'ES_L01410917_2025_EXP_000000000000000000000000000007',
      fechaIndice: '2025-12-01T10:00:00+01:00',
      entries: [
        {
          kind: 'documento',
          identificador: 'ES_L01410917_2025_000000000000000000000000000003',
          valorHuella: 'ef'.repeat(32),
          funcionResumen: DIGEST_URIS.sha256,
          fechaIncorporacion: null,
          orden: null,
        },
      ],
    },
  ],
};

const metadatos: ExpedienteMetadatos = {
  identificador: EXP_ID,
  organos: ['L01410917'],
  fechaApertura: '2026-03-02T09:10:00+01:00',
  clasificacion: 'L01410917_PRO_LICOBRAMENOR',
  estado: 'E02',
  interesados: ['12345678Z'],
};

const expedienteXml = (firmas: FirmaEni[] = [csvFirma(`#${indiceContenidoId(EXP_ID)}`)]) =>
  writeExpedienteXml(metadatos, writeIndiceXml(EXP_ID, writeIndiceContenidoXml(EXP_ID, indice), firmas));

describe('ENI XML', () => {
  it('accepts the two minimal examples shipped with the schemas', async () => {
    expect(await validateEniXml(await readFile(new URL('documento-minimo.xml', EXAMPLES), 'utf8'), 'documento')).toEqual([]);
    expect(await validateEniXml(await readFile(new URL('expediente-minimo.xml', EXAMPLES), 'utf8'), 'expediente')).toEqual([]);
  });

  it('writes a documento the official schema accepts, and reads it back unchanged', async () => {
    const xml = writeDocumentoXml(documento);
    expect(await validateEniXml(xml, 'documento')).toEqual([]);
    const read = readDocumentoXml(xml);
    expect(read.ok && read.documento).toEqual(documento);
  });

  it('writes an expediente with folders, a sub-expediente and certificate signatures that the schema accepts, and reads it back', async () => {
    const firmas: FirmaEni[] = [
      csvFirma(`#${indiceContenidoId(EXP_ID)}`),
      { tipo: 'TF02', id: 'FIRMA_1', ref: `#${indiceContenidoId(EXP_ID)}`, firma: { kind: 'ds-signature', xml: dsSignature(`#${indiceContenidoId(EXP_ID)}`) } },
    ];
    const xml = expedienteXml(firmas);
    expect(await validateEniXml(xml, 'expediente')).toEqual([]);
    const read = readExpedienteXml(xml);
    if (!read.ok) throw new Error(read.problem.message);
    expect(read.expediente.metadatos).toEqual(metadatos);
    expect(read.expediente.indice).toEqual(indice);
    expect(read.expediente.indiceContenidoId).toBe(indiceContenidoId(EXP_ID));
    expect(read.expediente.indiceFirmas).toEqual(firmas);
  });

  it('writes a documento whose signatures are a ds:Signature, base64 bytes or a reference, which the schema accepts and reads back unchanged', async () => {
    const ref = `#${DOC_ID}_CONTENIDO`;
    const firmas: FirmaEni[] = [
      { tipo: 'TF02', id: 'FIRMA_0', ref, firma: { kind: 'ds-signature', xml: dsSignature(ref) } },
      { tipo: 'TF04', id: 'FIRMA_1', ref, firma: { kind: 'base64', value: 'MIIBAAAA' } },
      { tipo: 'TF06', id: null, ref: null, firma: { kind: 'referencia', value: ref } },
      { ...csvFirma(ref), id: 'FIRMA_3' },
    ];
    const xml = writeDocumentoXml({ ...documento, firmas });
    expect(await validateEniXml(xml, 'documento')).toEqual([]);
    const read = readDocumentoXml(xml);
    expect(read.ok && read.documento.firmas).toEqual(firmas);
  });

  it('reads the shipped examples, whitespace and all', async () => {
    const doc = readDocumentoXml(await readFile(new URL('documento-minimo.xml', EXAMPLES), 'utf8'));
    if (!doc.ok) throw new Error(doc.problem.message);
    expect(doc.documento.metadatos).toMatchObject({ identificador: DOC_ID, origen: 'administracion', estadoElaboracion: 'EE01', tipoDocumental: 'TD01' });
    expect(new TextDecoder().decode(doc.documento.contenido)).toBe('%PDF-1.7\n');
    const exp = readExpedienteXml(await readFile(new URL('expediente-minimo.xml', EXAMPLES), 'utf8'));
    if (!exp.ok) throw new Error(exp.problem.message);
    expect(exp.expediente.metadatos).toMatchObject({ identificador: EXP_ID, estado: 'E02', interesados: ['12345678Z'] });
    expect(exp.expediente.indice.entries.map((entry) => entry.kind)).toEqual(['documento', 'carpeta']);
    expect(exp.expediente.indiceContenidoId).toBe(indiceContenidoId(EXP_ID));
  });

  it('escapes markup in text and attribute values, and refuses control characters', () => {
    const xml = writeDocumentoXml({ ...documento, firmas: [{ ...csvFirma(`#${DOC_ID}_CONTENIDO`), regulacionGeneracionCsv: 'Orden <1> & "2"' }] });
    expect(xml).toContain('Orden &lt;1&gt; &amp; &quot;2&quot;');
    const read = readDocumentoXml(xml);
    expect(read.ok && read.documento.firmas[0]).toMatchObject({ regulacionGeneracionCsv: 'Orden <1> & "2"' });
    expect(() => writeDocumentoXml({ ...documento, nombreFormato: 'PDF\u0000' })).toThrow(/control characters/);
  });

  it.each([
    [
      'FechaIndiceElectronico in the índice namespace (the namespace trap)',
      (x: string) =>
        x
          .replace('<eniconexpind:FechaIndiceElectronico>', '<eniexpind:FechaIndiceElectronico>')
          .replace('</eniconexpind:FechaIndiceElectronico>', '</eniexpind:FechaIndiceElectronico>'),
    ],
    ['Estado E04', (x: string) => x.replace('<eniexpmeta:Estado>E02<', '<eniexpmeta:Estado>E04<')],
    ['an índice without firmas', (x: string) => x.replace(/<enids:firmas>.*<\/enids:firmas>/, '')],
    ['a duplicate Id', (x: string) => x.replace(`Id="METADATOS_${EXP_ID}"`, `Id="${EXP_ID}"`)],
    [
      'an empty folder',
      (x: string) =>
        x.replace(
          /(<eniconexpind:IdentificadorCarpeta>SUBSANACION<\/eniconexpind:IdentificadorCarpeta>)<eniconexpind:DocumentoIndizado>.*?<\/eniconexpind:DocumentoIndizado>/,
          '$1',
        ),
    ],
  ])('the schema refuses %s', async (_name, breakIt) => {
    const broken = breakIt(expedienteXml());
    expect(broken).not.toBe(expedienteXml());
    expect((await validateEniXml(broken, 'expediente')).length).toBeGreaterThan(0);
  });

  it('the schema refuses a capture date without a time', async () => {
    const xml = writeDocumentoXml({ ...documento, metadatos: { ...documento.metadatos, fechaCaptura: '2026-03-02' } });
    expect((await validateEniXml(xml, 'documento')).length).toBeGreaterThan(0);
  });

  it('never writes an empty índice or folder', () => {
    expect(() => writeIndiceContenidoXml(EXP_ID, { fechaIndice: indice.fechaIndice, entries: [] })).toThrow(/at least one/);
    expect(() =>
      writeIndiceContenidoXml(EXP_ID, { fechaIndice: indice.fechaIndice, entries: [{ kind: 'carpeta', identificador: 'VACIA', entries: [] }] }),
    ).toThrow(/empty/);
  });

  it('reads nothing with a DOCTYPE, another version or content by reference, naming the element', () => {
    const xml = writeDocumentoXml(documento);
    const withDoctype = xml.replace('<enidoc:documento', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><enidoc:documento');
    expect(readDocumentoXml(withDoctype)).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/DOCTYPE/) } });
    expect(readDocumentoXml(xml.replaceAll('ENI/XSD/v1.0/documento-e"', 'ENI/XSD/v2.0/documento-e"'))).toMatchObject({
      ok: false,
      problem: { element: 'documento' },
    });
    expect(
      readDocumentoXml(
        xml.replace('<enidocmeta:VersionNTI>http://administracionelectronica.gob.es/ENI/XSD/v1.0/documento-e<', '<enidocmeta:VersionNTI>http://otra<'),
      ),
    ).toMatchObject({
      ok: false,
      problem: { element: 'metadatos/VersionNTI' },
    });
    expect(
      readDocumentoXml(xml.replace(/<enifile:ValorBinario>.*<\/enifile:ValorBinario>/, '<enifile:referenciaFichero>x.pdf</enifile:referenciaFichero>')),
    ).toMatchObject({
      ok: false,
      problem: { element: 'contenido/referenciaFichero' },
    });
    expect(readDocumentoXml('<enidoc:documento')).toMatchObject({ ok: false, problem: { message: expect.stringMatching(/well-formed/) } });
  });

  it('reads no expediente of another version, with a DOCTYPE or with an unknown state, naming the element', () => {
    const xml = expedienteXml();
    expect(readExpedienteXml(xml.replaceAll('ENI/XSD/v1.0/expediente-e"', 'ENI/XSD/v2.0/expediente-e"'))).toMatchObject({
      ok: false,
      problem: { element: 'expediente', message: expect.stringMatching(/only v1\.0/) },
    });
    expect(
      readExpedienteXml(
        xml.replace(
          `<eniexpmeta:VersionNTI>${VERSION_NTI.expediente}<`,
          '<eniexpmeta:VersionNTI>http://administracionelectronica.gob.es/ENI/XSD/v2.0/expediente-e<',
        ),
      ),
    ).toMatchObject({ ok: false, problem: { element: 'metadatosExp/VersionNTI' } });
    expect(readExpedienteXml(xml.replace('<eniexp:expediente', '<!DOCTYPE e [<!ENTITY x "y">]><eniexp:expediente'))).toMatchObject({
      ok: false,
      problem: { message: expect.stringMatching(/DOCTYPE/) },
    });
    expect(readExpedienteXml(xml.replace('<eniexpmeta:Estado>E02<', '<eniexpmeta:Estado>E04<'))).toMatchObject({
      ok: false,
      problem: { element: 'metadatosExp/Estado' },
    });
    expect(readExpedienteXml(xml.replace(/<enids:firmas>.*<\/enids:firmas>/, ''))).toMatchObject({ ok: false, problem: { element: 'indice/firmas' } });
  });
});

import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { ENI_NS } from '../model.ts';
import { loadSeal } from './seal.ts';
import { signDetached } from './sign-detached.ts';
import { generateTestSeal } from './test-seal.ts';
import { verifyDetached } from './verify-detached.ts';

const ID = 'INDICE_CONTENIDO_ES_L01410917_2026_EXP_000000000000000000000000000042';
const contenido = (hash = 'ab'.repeat(32)) =>
  `<eniexpind:IndiceContenido xmlns:eniexpind="${ENI_NS.indice}" xmlns:eniconexpind="${ENI_NS.indiceContenido}" Id="${ID}">` +
  `<eniconexpind:FechaIndiceElectronico>2026-05-04T12:00:00+02:00</eniconexpind:FechaIndiceElectronico>` +
  `<eniconexpind:DocumentoIndizado><eniconexpind:IdentificadorDocumento>ES_L01410917_2026_000000000000000000000000000001</eniconexpind:IdentificadorDocumento>` +
  `<eniconexpind:ValorHuella>${hash}</eniconexpind:ValorHuella><eniconexpind:FuncionResumen>http://www.w3.org/2001/04/xmlenc#sha256</eniconexpind:FuncionResumen></eniconexpind:DocumentoIndizado>` +
  `</eniexpind:IndiceContenido>`;
/** The signed element and its signature inside an índice, inside an expediente with other namespaces around. */
const embedded = (signedContent: string, signature: string) =>
  `<eniexp:expediente xmlns:eniexp="${ENI_NS.expediente}" xmlns:otro="urn:otro" Id="EXP"><eniexpind:indice xmlns:eniexpind="${ENI_NS.indice}" xmlns:enids="${ENI_NS.firma}">` +
  `${signedContent}<enids:firmas><enids:firma Id="F" ref="#${ID}"><enids:TipoFirma>TF02</enids:TipoFirma><enids:ContenidoFirma><enids:FirmaConCertificado>${signature}</enids:FirmaConCertificado></enids:ContenidoFirma></enids:firma></enids:firmas>` +
  `</eniexpind:indice></eniexp:expediente>`;

/** The independent check: another XML-DSig library, given only the certificate. */
function independentlyValid(xml: string, certificatePem: string): boolean {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const signature = document.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0]!;
  const verifier = new SignedXml({ publicCert: certificatePem });
  verifier.loadSignature(signature as unknown as Node);
  try {
    return verifier.checkSignature(xml);
  } catch {
    return false;
  }
}

describe('XAdES seal signatures of an índice', () => {
  it('signs with an RSA seal a signature that another library verifies once embedded elsewhere', async () => {
    const pems = await generateTestSeal({ algorithm: 'RSA', commonName: 'Sello del Ayuntamiento' });
    const seal = await loadSeal(pems);
    const signature = await signDetached(contenido(), ID, seal, { signingTime: new Date('2026-05-04T10:00:00Z') });
    expect(signature).toContain('http://www.w3.org/2001/10/xml-exc-c14n#');
    expect(signature).toContain('SignedProperties');
    const xml = embedded(contenido(), signature);
    expect(independentlyValid(xml, pems.certificatePem)).toBe(true);
    const [verdict] = await verifyDetached(xml);
    expect(verdict).toMatchObject({ valid: true, referenceIds: [ID], problem: null });
    expect(verdict!.signer).toContain('Sello del Ayuntamiento');
    expect(verdict!.signingTime).toMatch(/^2026-05-04T10:00:00/);
  }, 30_000);

  it('signs with an EC P-256 seal too (verified by the signing library: the independent one has no ECDSA)', async () => {
    const pems = await generateTestSeal({ algorithm: 'EC' });
    const signature = await signDetached(contenido(), ID, await loadSeal(pems), { signingTime: new Date() });
    expect(signature).toContain('ecdsa-sha256');
    const [verdict] = await verifyDetached(embedded(contenido(), signature));
    expect(verdict).toMatchObject({ valid: true, referenceIds: [ID] });
    const [tampered] = await verifyDetached(embedded(contenido('ac'.repeat(32)), signature));
    expect(tampered?.valid).toBe(false);
  }, 30_000);

  it('fails for both verifiers when one character of the signed content changes', async () => {
    const pems = await generateTestSeal();
    const signature = await signDetached(contenido(), ID, await loadSeal(pems), { signingTime: new Date() });
    const tampered = embedded(contenido('ac'.repeat(32)), signature);
    expect(independentlyValid(tampered, pems.certificatePem)).toBe(false);
    const [verdict] = await verifyDetached(tampered);
    expect(verdict?.valid).toBe(false);
    expect(verdict?.problem).toBeTruthy();
  }, 30_000);

  it('declares a signature policy when one is given (XAdES-EPES)', async () => {
    const seal = await loadSeal(await generateTestSeal());
    const signature = await signDetached(contenido(), ID, seal, {
      signingTime: new Date(),
      policy: { identifier: 'urn:oid:2.16.724.1.3.1.1.2.1.9', digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256', digestValue: 'AAAA' },
    });
    expect(signature).toContain('urn:oid:2.16.724.1.3.1.1.2.1.9');
    expect(signature).toContain('SignaturePolicyIdentifier');
  }, 30_000);

  it('refuses a key that does not belong to the certificate, and malformed PEM, without showing key material', async () => {
    const [one, other] = await Promise.all([generateTestSeal(), generateTestSeal()]);
    await expect(loadSeal({ privateKeyPem: one.privateKeyPem, certificatePem: other.certificatePem })).rejects.toThrow('does not belong');
    const error = await loadSeal({ privateKeyPem: 'not a key', certificatePem: one.certificatePem }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/PKCS#8/);
    expect((error as Error).message).not.toContain('not a key');
    await expect(loadSeal({ privateKeyPem: one.privateKeyPem, certificatePem: 'x' })).rejects.toThrow(/certificate/);
  }, 30_000);
});

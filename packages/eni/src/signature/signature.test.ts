import { createPublicKey, verify, type KeyLike } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { SignedXml } from 'xml-crypto';
import { ENI_NS } from '../model.ts';
import { loadSeal } from './seal.ts';
import { signDetached } from './sign-detached.ts';
import { generateTestSeal } from './test-seal.ts';
import { verifyDetached } from './verify-detached.ts';

const ID = 'INDICE_CONTENIDO_ES_L01410917_2026_EXP_000000000000000000000000000042';
const SIGNED_AT = new Date('2026-05-04T10:00:00Z');

/** The signed element; it declares only the namespace its children use, and inherits `eniexpind` from wherever it sits. */
const contenido = (hash = 'ab'.repeat(32)) =>
  `<eniexpind:IndiceContenido xmlns:eniconexpind="${ENI_NS.indiceContenido}" Id="${ID}">` +
  `<eniconexpind:FechaIndiceElectronico>2026-05-04T12:00:00+02:00</eniconexpind:FechaIndiceElectronico>` +
  `<eniconexpind:DocumentoIndizado><eniconexpind:IdentificadorDocumento>ES_L01410917_2026_000000000000000000000000000001</eniconexpind:IdentificadorDocumento>` +
  `<eniconexpind:ValorHuella>${hash}</eniconexpind:ValorHuella><eniconexpind:FuncionResumen>http://www.w3.org/2001/04/xmlenc#sha256</eniconexpind:FuncionResumen></eniconexpind:DocumentoIndizado>` +
  `</eniexpind:IndiceContenido>`;

/** An índice: the signed element and, beside it, the ENI signature that holds the XAdES. */
const indice = (signedContent: string, signature: string) =>
  `<eniexpind:indice xmlns:eniexpind="${ENI_NS.indice}" xmlns:enids="${ENI_NS.firma}">` +
  `${signedContent}<enids:firmas><enids:firma Id="FIRMA_INDICE" ref="#${ID}"><enids:TipoFirma>TF02</enids:TipoFirma><enids:ContenidoFirma><enids:FirmaConCertificado>${signature}</enids:FirmaConCertificado></enids:ContenidoFirma></enids:firma></enids:firmas>` +
  `</eniexpind:indice>`;

/** The same índice moved into an expediente: other parents, other namespace declarations (a default one among them) around it. */
const expediente = (indiceXml: string) =>
  `<eniexp:expediente xmlns:eniexp="${ENI_NS.expediente}" xmlns="urn:tramita:otro" xmlns:otro="urn:otro" xmlns:enids="urn:tramita:prefijo-reutilizado" Id="EXP">` +
  `<otro:cabecera otro:version="1"><nota>Expediente remitido</nota></otro:cabecera><eniexp:indice>${indiceXml}</eniexp:indice></eniexp:expediente>`;

/** The independent check's ECDSA, which it does not ship: XML-DSig carries r and s side by side (IEEE P1363). */
class EcdsaSha256 {
  getAlgorithmName = () => 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
  verifySignature = (material: string, key: KeyLike, signatureValue: string) =>
    verify('sha256', Buffer.from(material), { key: createPublicKey(key), dsaEncoding: 'ieee-p1363' }, Buffer.from(signatureValue, 'base64'));
  getSignature = () => {
    throw new Error('Only verification is needed.');
  };
}

/** The independent check: another XML-DSig library, given only the certificate; every reference and the value. */
function independentlyValid(xml: string, certificatePem: string): boolean {
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const signature = document.getElementsByTagNameNS(ENI_NS.xmldsig, 'Signature')[0]!;
  const verifier = new SignedXml({ publicCert: certificatePem });
  verifier.SignatureAlgorithms['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256'] = EcdsaSha256;
  verifier.loadSignature(signature as unknown as Node);
  try {
    return verifier.checkSignature(xml) && verifier.getSignedReferences().length === 2;
  } catch {
    return false;
  }
}

describe('XAdES seal signatures of an índice', () => {
  for (const algorithm of ['RSA', 'EC'] as const) {
    it(`signs with an ${algorithm} seal a signature that another library verifies in the índice and after the índice moves into an expediente`, async () => {
      const pems = await generateTestSeal({ algorithm, commonName: 'Sello del Ayuntamiento' });
      const seal = await loadSeal(pems);
      const signature = await signDetached(indice(contenido(), ''), ID, seal, { signingTime: SIGNED_AT });
      expect(signature).toMatch(/^<ds:Signature [^>]*xmlns:ds="http:\/\/www\.w3\.org\/2000\/09\/xmldsig#"/);
      expect(signature).toContain(algorithm === 'RSA' ? 'xmldsig-more#rsa-sha256' : 'xmldsig-more#ecdsa-sha256');
      expect(signature).toContain('<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>');
      expect(signature).toContain('SigningCertificateV2');
      const embedded = indice(contenido(), signature);
      expect(independentlyValid(embedded, pems.certificatePem)).toBe(true);
      const moved = expediente(embedded);
      expect(independentlyValid(moved, pems.certificatePem)).toBe(true);
      for (const xml of [embedded, moved]) {
        const [verdict] = await verifyDetached(xml);
        expect(verdict).toMatchObject({ valid: true, referenceIds: [ID], problem: null });
        expect(verdict!.signer).toContain('CN=Sello del Ayuntamiento');
        expect(new Date(verdict!.signingTime!).toISOString()).toBe(SIGNED_AT.toISOString());
      }
    }, 30_000);

    it(`fails for both verifiers when one character of the content an ${algorithm} seal signed changes`, async () => {
      const pems = await generateTestSeal({ algorithm });
      const signature = await signDetached(indice(contenido(), ''), ID, await loadSeal(pems), { signingTime: SIGNED_AT });
      const tampered = indice(contenido(`ac${'ab'.repeat(31)}`), signature);
      expect(independentlyValid(tampered, pems.certificatePem)).toBe(false);
      const [verdict] = await verifyDetached(expediente(tampered));
      expect(verdict?.valid).toBe(false);
      expect(verdict?.problem).toBeTruthy();
    }, 30_000);
  }

  it('fails when the signing time is changed after signing (the signed properties are signed too)', async () => {
    const pems = await generateTestSeal();
    const signature = await signDetached(indice(contenido(), ''), ID, await loadSeal(pems), { signingTime: SIGNED_AT });
    const backdated = indice(contenido(), signature.replace(/<xades:SigningTime>2026-05-04/, '<xades:SigningTime>2026-05-03'));
    expect(backdated).not.toBe(indice(contenido(), signature));
    expect(independentlyValid(backdated, pems.certificatePem)).toBe(false);
    expect((await verifyDetached(backdated))[0]?.valid).toBe(false);
  }, 30_000);

  it('reports every signature of a document, and none when there is none', async () => {
    const [one, other] = await Promise.all([generateTestSeal({ commonName: 'Sello uno' }), generateTestSeal({ algorithm: 'EC', commonName: 'Sello dos' })]);
    const first = await signDetached(indice(contenido(), ''), ID, await loadSeal(one), { signingTime: SIGNED_AT });
    const second = await signDetached(indice(contenido(), ''), ID, await loadSeal(other), { signingTime: SIGNED_AT });
    const verdicts = await verifyDetached(expediente(indice(contenido(), first + second)));
    expect(verdicts.map((verdict) => [verdict.valid, verdict.signer])).toEqual([
      [true, expect.stringContaining('Sello uno')],
      [true, expect.stringContaining('Sello dos')],
    ]);
    expect(await verifyDetached(indice(contenido(), ''))).toEqual([]);
  }, 30_000);

  it('declares a signature policy when one is given (XAdES-EPES), as configured', async () => {
    const seal = await loadSeal(await generateTestSeal());
    const policy = {
      identifier: 'urn:oid:2.16.724.1.3.1.1.2.1.9',
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      digestValue: 'G7roucf600+f03r/o0bAOQ6WAs0=',
    };
    const signature = await signDetached(indice(contenido(), ''), ID, seal, { signingTime: SIGNED_AT, policy });
    expect(signature).toContain('<xades:SignaturePolicyIdentifier>');
    expect(signature).toContain(`>${policy.identifier}<`);
    expect(signature).toContain(`>${policy.digestValue}<`);
    expect((await verifyDetached(indice(contenido(), signature)))[0]?.valid).toBe(true);
    const unsigned = await signDetached(indice(contenido(), ''), ID, seal, { signingTime: SIGNED_AT });
    expect(unsigned).not.toContain('SignaturePolicyIdentifier');
    await expect(signDetached(indice(contenido(), ''), ID, seal, { signingTime: SIGNED_AT, policy: { ...policy, digestAlgorithm: 'md5' } })).rejects.toThrow(
      /digest algorithm of the signature policy/,
    );
  }, 30_000);

  it('refuses to sign an Id the document does not have', async () => {
    const seal = await loadSeal(await generateTestSeal({ algorithm: 'EC' }));
    await expect(signDetached(indice(contenido(), ''), 'OTRO', seal, { signingTime: SIGNED_AT })).rejects.toThrow('no element with Id="OTRO"');
  }, 30_000);

  it('refuses a key that does not belong to the certificate, and malformed PEM, without showing key material', async () => {
    const [one, other] = await Promise.all([generateTestSeal(), generateTestSeal({ algorithm: 'EC' })]);
    const rsaCertificateOfAnotherKey = await generateTestSeal();
    await expect(loadSeal({ privateKeyPem: one.privateKeyPem, certificatePem: rsaCertificateOfAnotherKey.certificatePem })).rejects.toThrow('does not belong');
    const crossed = await loadSeal({ privateKeyPem: one.privateKeyPem, certificatePem: other.certificatePem }).catch((e: Error) => e);
    expect(crossed).toBeInstanceOf(Error);
    const keyBody = one.privateKeyPem.split('\n')[1]!;
    expect((crossed as Error).message).not.toContain(keyBody.slice(0, 16));
    const error = await loadSeal({ privateKeyPem: 'not a key', certificatePem: one.certificatePem }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/PKCS#8/);
    expect((error as Error).message).not.toContain('not a key');
    const damaged = one.privateKeyPem.replace(keyBody, keyBody.slice(0, 20));
    const damagedError = await loadSeal({ privateKeyPem: damaged, certificatePem: one.certificatePem }).catch((e: Error) => e);
    expect((damagedError as Error).message).toMatch(/cannot be read/);
    expect((damagedError as Error).message).not.toContain(keyBody.slice(0, 16));
    await expect(loadSeal({ privateKeyPem: one.privateKeyPem, certificatePem: 'x' })).rejects.toThrow(/certificate/);
  }, 30_000);
});

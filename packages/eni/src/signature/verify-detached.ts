import * as x509 from '@peculiar/x509';
import { signatureEngine } from './engine.ts';

const XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';

export interface SignatureVerdict {
  valid: boolean;
  /** The Ids the signature's references point at (without `#`), the signed properties left out. */
  referenceIds: string[];
  /** Subject of the signing certificate carried in the signature. */
  signer: string | null;
  signingTime: string | null;
  problem: string | null;
}

/** Verifies every XML signature in a document (references and signature value) with the certificate it carries. */
export async function verifyDetached(xml: string): Promise<SignatureVerdict[]> {
  const xadesjs = signatureEngine();
  const document = xadesjs.Parse(xml);
  const signatures = Array.from(document.getElementsByTagNameNS(XMLDSIG, 'Signature'));
  const verdicts: SignatureVerdict[] = [];
  for (const element of signatures) {
    const signed = new xadesjs.SignedXml(document);
    let problem: string | null = null;
    let valid = false;
    try {
      signed.LoadXml(element);
      valid = await signed.Verify();
      if (!valid) problem = 'The signature value does not verify.';
    } catch (error) {
      problem = (error as Error).message;
    }
    const referenceIds = Array.from(element.getElementsByTagNameNS(XMLDSIG, 'Reference'))
      .filter((reference) => !(reference.getAttribute('Type') ?? '').includes('SignedProperties'))
      .map((reference) => (reference.getAttribute('URI') ?? '').replace(/^#/, ''));
    const certificateText = element.getElementsByTagNameNS(XMLDSIG, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '');
    const signer = subjectOf(certificateText);
    const signingTime = element.getElementsByTagNameNS(XADES, 'SigningTime')[0]?.textContent ?? null;
    verdicts.push({ valid, referenceIds, signer, signingTime, problem });
  }
  return verdicts;
}

function subjectOf(certificateBase64: string | undefined): string | null {
  if (!certificateBase64) return null;
  try {
    return new x509.X509Certificate(Buffer.from(certificateBase64, 'base64')).subject;
  } catch {
    return null;
  }
}

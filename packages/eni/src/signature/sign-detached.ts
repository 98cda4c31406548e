import type { OptionsPolicyId, OptionsXAdES } from 'xadesjs';
import * as XmlDSigJs from 'xmldsigjs';
import { signatureEngine } from './engine.ts';
import type { Seal } from './seal.ts';

const EXCLUSIVE_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const XADES_SIGNED_PROPERTIES = 'http://uri.etsi.org/01903#SignedProperties';
const HASHES: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
};

export interface SignaturePolicy {
  identifier: string;
  /** URI of the digest algorithm of the policy document. */
  digestAlgorithm: string;
  /** Base64 digest of the policy document. */
  digestValue: string;
}

const xades = signatureEngine();

/**
 * XAdES whose every canonicalisation is exclusive: the SignedInfo, the signed element and the
 * signed properties keep their digests wherever the signature and the element are embedded.
 */
class MovableXades extends xades.SignedXml {
  protected override async ApplySignOptions(signature: XmlDSigJs.Signature, algorithm: Algorithm, key: CryptoKey, options: OptionsXAdES): Promise<void> {
    // The qualifying properties were made, under a random Id, before the options were known.
    if (options.id && this.Properties) {
      signature.Id = options.id;
      this.Properties.Target = `#${options.id}`;
      this.Properties.SignedProperties.Id = `xades-${options.id}`;
    }
    await super.ApplySignOptions(signature, algorithm, key, options);
    signature.SignedInfo.CanonicalizationMethod.Algorithm = EXCLUSIVE_C14N;
    signature.SignedInfo.References.ForEach((reference) => {
      if (reference.Type !== XADES_SIGNED_PROPERTIES) return;
      reference.Transforms = new XmlDSigJs.Transforms();
      reference.Transforms.Add(new XmlDSigJs.XmlDsigExcC14NTransform());
    });
  }
}

/**
 * Signs the element with `Id="<referenceId>"` of `xml` with the organ's seal (ENI TF02: XAdES,
 * internally detached; exclusive c14n; SHA-256; SigningTime and SigningCertificateV2, and the
 * signature policy when one is given: XAdES-EPES). Returns the `ds:Signature` element, to be
 * placed beside the signed element (in `enids:FirmaConCertificado`).
 */
export async function signDetached(xml: string, referenceId: string, seal: Seal, options: { signingTime: Date; policy?: SignaturePolicy }): Promise<string> {
  if (!/^[A-Za-z_][\w.-]*$/.test(referenceId)) throw new Error(`Not an XML Id: ${referenceId}`);
  const document = xades.Parse(xml);
  if (!hasId(document, referenceId)) throw new Error(`The document has no element with Id="${referenceId}" to sign.`);
  const certificate = seal.certificate.toString('base64');
  const signer = new MovableXades();
  const signAlgorithm = seal.algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
  let policy: OptionsPolicyId | undefined;
  if (options.policy) {
    const hash = HASHES[options.policy.digestAlgorithm];
    if (!hash) throw new Error(`Unknown digest algorithm of the signature policy: ${options.policy.digestAlgorithm}`);
    policy = { identifier: { value: options.policy.identifier }, hash, digestValue: options.policy.digestValue };
  }
  await signer.Sign(signAlgorithm, seal.privateKey, document, {
    id: await signatureId(referenceId, options.signingTime, seal),
    x509: [certificate],
    references: [{ uri: `#${referenceId}`, hash: 'SHA-256', transforms: ['exc-c14n'] }],
    signingCertificateV2: certificate,
    signingTime: { value: options.signingTime },
    ...(policy ? { policy } : {}),
  });
  return signer.toString();
}

function hasId(document: Document, id: string): boolean {
  return Array.from(document.getElementsByTagName('*')).some((element) => element.getAttribute('Id') === id);
}

/**
 * The signature's own Id, derived from what it signs, when and with which seal: the package draws
 * no randomness of its own, and two seals of one índice still get different Ids.
 */
async function signatureId(referenceId: string, signingTime: Date, seal: Seal): Promise<string> {
  const material = new TextEncoder().encode(`${referenceId}|${signingTime.toISOString()}|${seal.certificate.toString('base64')}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', material));
  return `Signature-${Buffer.from(digest.subarray(0, 8)).toString('hex')}`;
}

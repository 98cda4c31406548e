import * as x509 from '@peculiar/x509';
import { signatureEngine } from './engine.ts';

/**
 * A self-signed seal for tests and development (one year), generated on the spot: no key ever
 * lives in the repository.
 */
export async function generateTestSeal(
  options: { algorithm?: 'RSA' | 'EC'; commonName?: string } = {},
): Promise<{ privateKeyPem: string; certificatePem: string }> {
  signatureEngine();
  const algorithm =
    options.algorithm === 'EC'
      ? { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(8))).toString('hex'),
    name: `CN=${(options.commonName ?? 'Sello de órgano de pruebas').replace(/[,=+<>#;\\"]/g, ' ')}, O=Tramita`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    signingAlgorithm: algorithm,
    keys,
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  return {
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`,
    certificatePem: certificate.toString('pem'),
  };
}

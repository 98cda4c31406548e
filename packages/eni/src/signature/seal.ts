import * as x509 from '@peculiar/x509';
import { signatureEngine } from './engine.ts';

/** The organ's seal: its private key, ready to sign, and its certificate. */
export interface Seal {
  privateKey: CryptoKey;
  /** Signature algorithm for WebCrypto (RSASSA-PKCS1-v1_5 or ECDSA, with SHA-256). */
  algorithm: RsaHashedImportParams | EcKeyImportParams;
  certificate: x509.X509Certificate;
}

/**
 * Loads a seal from PEM (PKCS#8 RSA or EC P-256 key, X.509 certificate) and proves that the key
 * belongs to the certificate by signing and verifying a probe. Errors never carry key material.
 */
export async function loadSeal(input: { privateKeyPem: string; certificatePem: string }): Promise<Seal> {
  signatureEngine();
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(input.certificatePem);
  } catch {
    throw new Error('The seal certificate is not a PEM X.509 certificate.');
  }
  const publicAlgorithm = certificate.publicKey.algorithm as { name: string; namedCurve?: string };
  const algorithm: RsaHashedImportParams | EcKeyImportParams =
    publicAlgorithm.name === 'ECDSA' || publicAlgorithm.name === 'ECDH'
      ? { name: 'ECDSA', namedCurve: publicAlgorithm.namedCurve ?? 'P-256' }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const der = pemBody(input.privateKeyPem, 'PRIVATE KEY');
  if (!der) throw new Error('The seal key is not a PEM PKCS#8 private key ("BEGIN PRIVATE KEY").');
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey('pkcs8', der, algorithm, false, ['sign']);
  } catch {
    throw new Error(`The seal key cannot be read as a ${algorithm.name} PKCS#8 private key.`);
  }
  const probe = new TextEncoder().encode('tramita-seal-probe');
  const signParams = algorithm.name === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : algorithm;
  const signature = await crypto.subtle.sign(signParams, privateKey, probe);
  const publicKey = await certificate.publicKey.export({ ...algorithm, ...(algorithm.name === 'ECDSA' ? {} : { hash: 'SHA-256' }) } as Algorithm, ['verify']);
  if (!(await crypto.subtle.verify(signParams, publicKey, signature, probe))) throw new Error('The seal key does not belong to the seal certificate.');
  return { privateKey, algorithm, certificate };
}

function pemBody(pem: string, label: string): ArrayBuffer | null {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (!match) return null;
  const bytes = Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

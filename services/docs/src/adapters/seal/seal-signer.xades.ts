import { readFile } from 'node:fs/promises';
import { loadSeal, signDetached, type Seal } from '@tramita/eni/signature';
import type { SealSigner } from '../../application/ports.ts';
import type { SealConfig } from '../../config.ts';

/** The organ's seal as XAdES signatures (ENI TF02), its key read once from the configured files. */
export class XadesSealSigner implements SealSigner {
  readonly #seal: Seal;
  readonly #policy: SealConfig['policy'];

  private constructor(seal: Seal, policy: SealConfig['policy']) {
    this.#seal = seal;
    this.#policy = policy;
  }

  /** Reads and checks the key and certificate; an error names the setting, never the key. */
  static async open(config: SealConfig): Promise<XadesSealSigner> {
    const read = (path: string, setting: string) =>
      readFile(path, 'utf8').catch(() => {
        throw new Error(`docs configuration: cannot read ${setting} (${path})`);
      });
    const [privateKeyPem, certificatePem] = await Promise.all([
      read(config.keyFile, 'DOCS_SEAL_KEY_FILE'),
      read(config.certificateFile, 'DOCS_SEAL_CERTIFICATE_FILE'),
    ]);
    return new XadesSealSigner(await loadSeal({ privateKeyPem, certificatePem }), config.policy);
  }

  signDetached(xml: string, referenceId: string, signingTime: Date): Promise<string> {
    return signDetached(xml, referenceId, this.#seal, { signingTime, ...(this.#policy ? { policy: this.#policy } : {}) });
  }
}

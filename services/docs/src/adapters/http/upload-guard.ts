import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { DomainError } from '@tramita/kernel';

export const uploadTimeout = (idleMs: number) =>
  new DomainError('upload-timeout', 'timeout', `The upload sent nothing for ${Math.round(idleMs / 1000)} s and was abandoned.`);
export const multipartTruncated = () =>
  new DomainError('multipart-truncated', 'validation', 'The multipart/form-data body ended before its closing boundary: the upload is incomplete.');

/**
 * Watches one upload request so that it always ends: a client that stops sending gets 408 after
 * `idleMs`, and a body that ends without the form's closing boundary fails the file at once
 * (the multipart parser would otherwise wait for the rest of the part forever). Either failure
 * destroys the file stream being stored, so the blob store discards what it wrote.
 */
export class UploadGuard {
  readonly #request: IncomingMessage;
  readonly #failed: Promise<never>;
  #fail: (error: Error) => void = () => undefined;
  readonly #streams: Readable[] = [];
  #error: Error | undefined;

  constructor(request: IncomingMessage, idleMs: number) {
    this.#request = request;
    this.#failed = new Promise<never>((_resolve, reject) => {
      this.#fail = reject;
    });
    this.#failed.catch(() => undefined);
    request.setTimeout(idleMs, () => this.fail(uploadTimeout(idleMs)));
  }

  /** Settles like `work`, unless the upload fails first. */
  race<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.#failed]);
  }

  /**
   * Fails the upload as soon as the request has ended while the file still waits for bytes.
   * `content` is what the store reads from the file: it is failed too, since a file the parser
   * closed without an error never tells a pipe from it.
   */
  watch(file: Readable, content: Readable): void {
    this.#streams.push(file, content);
    if (this.#error) this.#destroyAll();
    if (file.destroyed && !file.readableEnded) this.fail(multipartTruncated());
    const check = () =>
      setImmediate(() => {
        // The request is read to its end and the file holds nothing unread, yet it has not ended:
        // the parser is holding back the last bytes for a boundary that will never come.
        if (this.#request.readableEnded && !file.readableEnded && file.readableLength === 0) this.fail(multipartTruncated());
      });
    // The parser may also close the file without an error or an end when the form stops short;
    // a pipe from it would then wait forever.
    file.once('close', () => {
      if (!file.readableEnded) this.fail(multipartTruncated());
    });
    if (this.#request.readableEnded) check();
    else this.#request.once('end', check);
    file.on('data', () => {
      if (this.#request.readableEnded) check();
    });
  }

  fail(error: Error): void {
    if (this.#error) return;
    this.#error = error;
    this.#destroyAll();
    this.#fail(error);
  }

  #destroyAll(): void {
    for (const stream of this.#streams) stream.destroy(this.#error);
  }

  /**
   * Reads and discards what is left of a refused upload, up to `maxBytes` more, so that a client
   * still sending (the gateway) can read the answer: closing the connection under a sender makes
   * its next write fail (EPIPE) before it reads anything. False when the body did not end that
   * way (a timeout, too much, the client gone): then the connection must be closed.
   */
  async discardRest(maxBytes: number): Promise<boolean> {
    const request = this.#request;
    if (request.readableEnded) return true;
    if (this.#error) return false;
    request.unpipe(); // the multipart parser reads no more
    let size = 0;
    const ended = new Promise<boolean>((resolve) => {
      const finish = (value: boolean) => {
        request.off('data', onData).off('end', onEnd).off('close', onClose);
        if (!value) request.pause();
        resolve(value);
      };
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) finish(false);
      };
      const onEnd = () => finish(true);
      const onClose = () => finish(request.readableEnded);
      request.on('data', onData).once('end', onEnd).once('close', onClose);
      request.resume();
    });
    return Promise.race([
      ended,
      this.#failed.then(
        () => false,
        () => false,
      ),
    ]);
  }

  /** The upload is over (stored or refused): no more timeouts. */
  dispose(): void {
    this.#request.setTimeout(0);
  }
}

import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { fileTypeFromStream } from 'file-type';
import type { MediaTypeSniffer } from '../../application/media-type.ts';

/** Recognises formats by magic numbers with file-type, reading only the bytes it needs. */
export class FileTypeSniffer implements MediaTypeSniffer {
  async sniff(content: Readable): Promise<string | undefined> {
    const web = Readable.toWeb(content) as ReadableStream<Uint8Array>;
    const result = await fileTypeFromStream(web, { maxBufferSize: 1024 * 1024 });
    return result?.mime;
  }
}

import type { FastifyInstance } from 'fastify';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

class InvalidUtf8Error extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_CTP_INVALID_UTF8_BODY';
  constructor() {
    super('The request body is not valid UTF-8.');
  }
}

/**
 * JSON bodies must be UTF-8 (RFC 8259 §8.1). The default parser decodes leniently, turning
 * invalid bytes into U+FFFD and storing text nobody sent; this one refuses them with 400 and
 * otherwise parses exactly as Fastify does (prototype-poisoning protection included).
 */
export function useStrictJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new InvalidUtf8Error(), undefined);
      return;
    }
    void parseJson(request, text, done);
  });
}

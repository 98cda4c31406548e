import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problem, sendProblem, type Problem } from './problem.ts';

/**
 * Errors Fastify raises before a route is found (a URL it cannot decode, a path parameter over
 * the router's limit): answered as problems like everything else.
 */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendProblem(reply, problem(414, 'uri-too-long', 'A path parameter is longer than this service accepts.'));
    return;
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    void sendProblem(reply, problem(400, 'bad-url', 'The request URL is not valid (it cannot be decoded).'));
    return;
  }
  void sendProblem(reply, problem(400, 'bad-request', 'The request could not be routed.'));
}

/**
 * Errors of the HTTP parser itself (no request object exists yet): headers too large, a broken
 * request line, a client too slow. Node writes a bare status; this writes a problem body.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const value = clientProblem(error.code);
  if (socket.writable) {
    const body = JSON.stringify(value);
    socket.write(
      `HTTP/1.1 ${value.status} ${STATUS_CODES[value.status] ?? ''}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function clientProblem(code: string | undefined): Problem {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem(408, 'request-timeout', 'The request was not received in time.');
    case 'HPE_HEADER_OVERFLOW':
      return problem(431, 'headers-too-large', 'The request line or headers are too large.');
    default:
      return problem(400, 'malformed-request', 'The request is not valid HTTP.');
  }
}

import type { FastifyRequest } from 'fastify';

/**
 * The client's IP for rate limiting. Only the last `trustedHops` X-Forwarded-For entries were
 * written by proxies we run; anything further left is whatever the client claimed.
 */
export function clientAddress(request: FastifyRequest, trustedHops: number): string {
  const socketAddress = request.raw.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return socketAddress;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...forwarded, socketAddress];
  return chain[Math.max(0, chain.length - 1 - trustedHops)] ?? socketAddress;
}

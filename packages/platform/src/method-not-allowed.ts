import type { RouteOptions } from 'fastify';
import Router, { type HTTPMethod } from 'find-my-way';

const ALL_METHODS: HTTPMethod[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

/**
 * Knows every route's path and methods, so that a known path asked with another method gets
 * 405 with `Allow` (RFC 9110 §15.5.6) instead of looking like a missing resource.
 */
export class AllowedMethods {
  private readonly router = Router({ ignoreTrailingSlash: true });

  add(route: Pick<RouteOptions, 'method' | 'url'>): void {
    for (const method of [route.method].flat()) {
      const upper = ALL_METHODS.find((known) => known === method.toUpperCase());
      if (upper && !this.router.hasRoute(upper, route.url)) this.router.on(upper, route.url, () => undefined);
    }
  }

  /** The methods allowed on the path of `url`; empty when no route has that path. */
  allowedFor(url: string): HTTPMethod[] {
    const path = url.split('?')[0] ?? url;
    return ALL_METHODS.filter((method) => {
      try {
        return this.router.find(method, path) !== null;
      } catch {
        return false;
      }
    });
  }
}

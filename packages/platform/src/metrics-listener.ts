import { createServer, type Server } from 'node:http';
import type { HttpApp } from './http-app.ts';

/**
 * `/metrics` on a port of its own (METRICS_PORT), beside the service's: a cluster's Prometheus
 * outside the service mesh cannot pass a sidecar that requires mutual TLS, so the pod lets this one
 * port bypass the sidecar (`traffic.sidecar.istio.io/excludeInboundPorts`, ADR 0022). The request
 * goes through the app itself (`app.routing`): the same token check, the same registry. Every other
 * path is 404 here, so nothing but the metrics is reachable without the mesh.
 */
export async function listenForMetrics(app: HttpApp, host: string, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/metrics' && (request.method === 'GET' || request.method === 'HEAD')) {
      app.routing(request, response);
      return;
    }
    const body = JSON.stringify({
      type: 'https://tramita.dev/problems/not-found',
      title: 'Not Found',
      status: 404,
      detail: 'This port serves only GET /metrics.',
      code: 'not-found',
    });
    response.writeHead(404, { 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

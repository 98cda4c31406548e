import { sql } from 'kysely';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { readMessagingStatus, type MessageTransport, type SqlExecutor } from '@tramita/messaging';
import type { HttpApp } from './http-app.ts';
import { requirePlatformOperator } from './messaging-admin.ts';

/**
 * Prometheus metrics of one service, served at `GET /metrics` on the service's own port (the
 * gateway does not route it) to a platform operator or a platform service: Prometheus scrapes with
 * a client-credentials token (its `oauth2` scrape setting), so the route checks a token like every
 * other. Besides OTLP (telemetry.ts), which exports only when a collector is configured.
 *
 * Request rate, errors and latency per route (the route's template, never the raw path, so
 * expediente codes do not become labels); and, for services with a database, the messaging
 * figures read from it at scrape time: outbox depth and age, sagas by type and status, dead
 * letters per consumer, and the consumer lag the transport knows (Kafka). Database figures are the
 * database's, the same from every replica: aggregate them with `max`, not `sum`.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'method' | 'route' | 'status'>;
  readonly #duration: Histogram<'method' | 'route'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    this.#requests = new Counter({
      name: 'tramita_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status code.',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.#duration = new Histogram({
      name: 'tramita_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by method and route template.',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** Counts and times every answered request of `app`, and serves `GET /metrics` on it. */
  instrument(app: HttpApp, defaultOrganism: string): void {
    app.addHook('onResponse', async (request, reply) => {
      // Unknown paths share one label: a scan of random URLs must not grow the series.
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === '/metrics' || route.startsWith('/health/')) return;
      const labels = { method: request.method, route };
      this.#requests.inc({ ...labels, status: String(reply.statusCode) });
      this.#duration.observe(labels, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { preValidation: requirePlatformOperator(defaultOrganism) }, async (_request, reply) => {
      reply.header('content-type', this.registry.contentType);
      return this.registry.metrics();
    });
  }

  /** Adds the messaging figures of a service with a database (read when scraped). */
  addMessaging(db: SqlExecutor, transport: MessageTransport): void {
    const registers = [this.registry];
    const ageGauge = new Gauge({
      name: 'tramita_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when none).',
      registers,
    });
    new Gauge({
      name: 'tramita_outbox_pending',
      help: 'Outbox rows committed and not yet published.',
      registers,
      collect: async function (this: Gauge) {
        const status = await readMessagingStatus(db, { recentDeadLetters: 0 });
        this.set(status.outbox.pending);
        ageGauge.set(status.outbox.oldestPendingAt === null ? 0 : Math.max(0, (Date.now() - Date.parse(status.outbox.oldestPendingAt)) / 1000));
      },
    });
    new Gauge({
      name: 'tramita_sagas',
      help: 'Saga instances this service orchestrates, by type and status (started = the sum over statuses).',
      labelNames: ['type', 'status'],
      registers,
      collect: async function (this: Gauge<'type' | 'status'>) {
        const rows = await sql<{ type: string; status: string; n: number }>`
          select saga_type as type, status, count(*)::int as n from saga_instances group by saga_type, status`.execute(db);
        this.reset();
        for (const row of rows.rows) this.set({ type: row.type, status: row.status }, row.n);
      },
    });
    new Gauge({
      name: 'tramita_dead_letters',
      help: 'Messages a consumer of this service gave up on and recorded, by consumer group.',
      labelNames: ['consumer'],
      registers,
      collect: async function (this: Gauge<'consumer'>) {
        const rows = await sql<{ consumer: string; n: number }>`select consumer, count(*)::int as n from dead_letters group by consumer`.execute(db);
        this.reset();
        for (const row of rows.rows) this.set({ consumer: row.consumer }, row.n);
      },
    });
    new Gauge({
      name: 'tramita_consumer_lag',
      help: 'Records a consumer group of this service has not handled yet, per topic partition (Kafka; none in process).',
      labelNames: ['group', 'topic', 'partition'],
      registers,
      collect: async function (this: Gauge<'group' | 'topic' | 'partition'>) {
        const backlog = (await transport.backlog?.()) ?? [];
        this.reset();
        for (const entry of backlog) this.set({ group: entry.group, topic: entry.topic, partition: String(entry.partition) }, entry.lag);
      },
    });
  }
}

const metricsOfApp = new WeakMap<HttpApp, ServiceMetrics>();

/** The metrics `createHttpApp` made for `app`. */
export function metricsOf(app: HttpApp): ServiceMetrics {
  const metrics = metricsOfApp.get(app);
  if (!metrics) throw new Error('This app was not made by createHttpApp: it has no metrics.');
  return metrics;
}

/** Gives `app` its metrics (called once, by createHttpApp). */
export function attachMetrics(app: HttpApp, service: string, defaultOrganism: string): ServiceMetrics {
  const metrics = new ServiceMetrics(service);
  metrics.instrument(app, defaultOrganism);
  metricsOfApp.set(app, metrics);
  return metrics;
}

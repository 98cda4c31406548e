import { context, metrics, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '../packages/platform/src/telemetry.ts';
import { ApiClient } from './support/api-client.ts';
import { createExpediente } from './support/create-expediente.ts';
import { loginWithPkce } from './support/oidc-login.ts';
import { E2E_PASSWORD, startTramita, type TestTramita } from './support/tramita-in-process.ts';

/**
 * Trace context travels in every message (CloudEvents `traceparent`, ADR 0018): the request that
 * creates an expediente and every message of its saga, in every service, are one trace.
 */
describe('one trace per creation saga', () => {
  const finished: ReadableSpan[] = [];
  let telemetry: Telemetry;
  let tramita: TestTramita;

  beforeAll(async () => {
    // Spans are kept here: the SDK's in-memory exporter forgets them on shutdown.
    const exporter: SpanExporter = {
      export: (spans, done) => {
        finished.push(...spans);
        done({ code: 0 });
      },
      shutdown: async () => {},
    };
    telemetry = await startTelemetry(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SERVICE_NAME: 'tramita' },
      { traceExporter: exporter, metricExporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE) },
    );
    tramita = await startTramita();
  }, 120_000);

  afterAll(async () => {
    await tramita?.stop();
    await telemetry?.shutdown();
    trace.disable();
    metrics.disable();
    context.disable();
    propagation.disable();
  });

  it('follows the request and every message of the saga, in files, bpm, docs and index, under one trace id', async () => {
    const { accessToken } = await loginWithPkce({ baseUrl: tramita.url, username: 'user', password: E2E_PASSWORD, redirectUri: `${tramita.url}/callback` });
    const api = new ApiClient(tramita.url, accessToken);
    await createExpediente(api, 'TRAZA-2026-0001');
    // The index lists it once its consumer applied the saga's last event.
    await expect
      .poll(async () => (await api.json<{ total: number }>('GET', '/api/files?q=TRAZA-2026-0001', undefined, 200)).total, { timeout: 30_000 })
      .toBe(1);
    await tramita.stop();
    await telemetry.shutdown(); // flushes every span

    const attribute = (span: ReadableSpan, ...names: string[]) => names.map((name) => span.attributes[name]).find((value) => value !== undefined);
    // The public request: the gateway's server span for POST /api/files, the root of its trace.
    const request = finished.find(
      (span) =>
        span.kind === SpanKind.SERVER &&
        attribute(span, 'http.request.method', 'http.method') === 'POST' &&
        String(attribute(span, 'url.path', 'http.target')) === '/api/files' &&
        span.parentSpanContext === undefined,
    );
    expect(request, 'the gateway span of POST /api/files').toBeDefined();
    const traceId = request!.spanContext().traceId;
    const inTrace = finished.filter((span) => span.spanContext().traceId === traceId);
    const consumed = inTrace.filter((span) => span.kind === SpanKind.CONSUMER);
    const services = new Set(consumed.map((span) => String(span.attributes['tramita.service'])));
    expect([...services].sort()).toEqual(expect.arrayContaining(['bpm', 'docs', 'files', 'index']));
    // The saga's command to bpm and the event the index applied are both in it, with their subjects.
    expect(consumed.some((span) => span.attributes['tramita.service'] === 'bpm' && span.attributes['cloudevents.event_subject'] !== undefined)).toBe(true);
    expect(consumed.some((span) => span.attributes['tramita.service'] === 'index' && span.attributes['cloudevents.event_subject'] === 'TRAZA-2026-0001')).toBe(
      true,
    );
    // Every consumer span hangs off a span of the same trace: none starts a trace of its own.
    const ids = new Set(inTrace.map((span) => span.spanContext().spanId));
    for (const span of consumed) expect(ids.has(span.parentSpanContext?.spanId ?? ''), span.name).toBe(true);
  }, 120_000);
});

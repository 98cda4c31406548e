import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, metrics, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelemetry, telemetrySettings, type Telemetry } from './telemetry.ts';

describe('telemetry settings', () => {
  it('is off when OTEL_EXPORTER_OTLP_ENDPOINT is not set', () => {
    expect(telemetrySettings({}).enabled).toBe(false);
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }).enabled).toBe(false);
  });

  it('is off when OTEL_SDK_DISABLED=true even with an endpoint', () => {
    expect(telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'TRUE' }).enabled).toBe(false);
  });

  it('exports traces and metrics over OTLP/HTTP to the collector named by the endpoint', () => {
    const settings = telemetrySettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://si-tramita-otel-collector-svc:4318/', OTEL_SERVICE_NAME: 'si-tramita-files' });
    expect(settings).toEqual({
      enabled: true,
      serviceName: 'si-tramita-files',
      tracesUrl: 'http://si-tramita-otel-collector-svc:4318/v1/traces',
      metricsUrl: 'http://si-tramita-otel-collector-svc:4318/v1/metrics',
      metricIntervalMs: 60_000,
    });
  });

  it('honours signal-specific endpoints and the export interval', () => {
    const settings = telemetrySettings({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:4318/custom',
      OTEL_METRIC_EXPORT_INTERVAL: '5000',
    });
    expect(settings.tracesUrl).toBe('http://t:4318/custom');
    expect(settings.metricsUrl).toBe('http://c:4318/v1/metrics');
    expect(settings.metricIntervalMs).toBe(5000);
    expect(settings.serviceName).toBe('tramita');
  });
});

describe('startTelemetry', () => {
  let telemetry: Telemetry | undefined;
  let server: Server | undefined;

  afterEach(async () => {
    await telemetry?.shutdown();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    trace.disable();
    metrics.disable();
    context.disable();
    propagation.disable();
  });

  it('does nothing without an endpoint: no tracer provider is registered', async () => {
    telemetry = await startTelemetry({});
    expect(telemetry.settings.enabled).toBe(false);
    expect(trace.getTracer('t').startSpan('x').isRecording()).toBe(false);
    await telemetry.shutdown();
  });

  it('records a server span for a request to an http server loaded before it started, and skips health probes', async () => {
    // InMemorySpanExporter forgets its spans on shutdown, so keep them here.
    const finished: ReadableSpan[] = [];
    const exporter: SpanExporter = {
      export: (spans, done) => {
        finished.push(...spans);
        done({ code: 0 });
      },
      shutdown: async () => {},
    };
    const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    // node:http was imported by this file before the SDK started, as in the launcher.
    telemetry = await startTelemetry(
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SERVICE_NAME: 'si-tramita-test' },
      { traceExporter: exporter, metricExporter },
    );
    expect(telemetry.settings.enabled).toBe(true);
    server = createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;

    await (await fetch(`http://127.0.0.1:${port}/health/live`)).text();
    await (await fetch(`http://127.0.0.1:${port}/api/files?q=x&access_token=SECRETVALUE`)).text();
    await telemetry.shutdown();

    const spans = finished;
    const serverSpans = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(serverSpans).toHaveLength(1);
    const attributes = serverSpans[0]!.attributes;
    expect(String(attributes['url.path'] ?? attributes['http.target'])).toContain('/api/files');
    expect(JSON.stringify(spans.map((span) => span.attributes))).not.toContain('SECRETVALUE');
    expect(serverSpans[0]!.resource.attributes['service.name']).toBe('si-tramita-test');
  });
});

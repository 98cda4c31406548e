/**
 * OpenTelemetry for distributed mode: traces and metrics over OTLP/HTTP to the namespace's
 * collector, only when OTEL_EXPORTER_OTLP_ENDPOINT is set (a no-op otherwise, so all-in-one and
 * the tests pay nothing). Instruments incoming/outgoing HTTP (Fastify runs on node:http) and pg.
 *
 * Called by the launcher before it starts any service. The launcher's modules (Fastify, pg) are
 * already loaded by then, so after starting the SDK this file requires them again: the
 * instrumentations patch a module the first time it is required after they are enabled, and they
 * patch the shared module objects (Server.prototype.emit, pg's Client.prototype.query) in place.
 * `syncBuiltinESMExports` then refreshes ESM named imports of node:http/https.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SECRET_QUERY_PARAMETERS } from './redact-url.ts';

/** What the instrumentation redacts by default (object-store signatures); giving a list replaces it. */
const CLOUD_SIGNATURE_PARAMETERS = ['sig', 'Signature', 'AWSAccessKeyId', 'X-Goog-Signature'];

export interface TelemetrySettings {
  enabled: boolean;
  serviceName: string;
  tracesUrl?: string;
  metricsUrl?: string;
  metricIntervalMs: number;
}

export interface Telemetry {
  readonly settings: TelemetrySettings;
  /** Flushes pending spans and metrics; safe to call more than once. */
  shutdown(): Promise<void>;
}

export interface TelemetryOverrides {
  /** Replace the OTLP exporters (tests). */
  traceExporter?: SpanExporter;
  metricExporter?: PushMetricExporter;
}

const IGNORED_INCOMING = /^\/health\/(live|ready)(\?|$)/;

/** What `startTelemetry` would do with this environment (pure). */
export function telemetrySettings(env: Record<string, string | undefined>): TelemetrySettings {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim().replace(/\/+$/, '');
  const disabled = env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true';
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || 'tramita';
  const interval = Number(env.OTEL_METRIC_EXPORT_INTERVAL);
  const metricIntervalMs = Number.isInteger(interval) && interval > 0 ? interval : 60_000;
  if (!endpoint || disabled) return { enabled: false, serviceName, metricIntervalMs };
  const signalUrl = (signal: 'traces' | 'metrics', specific: string | undefined) => specific?.trim() || `${endpoint}/v1/${signal}`;
  return {
    enabled: true,
    serviceName,
    tracesUrl: signalUrl('traces', env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
    metricsUrl: signalUrl('metrics', env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT),
    metricIntervalMs,
  };
}

/**
 * Starts the OpenTelemetry SDK when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise returns a no-op
 * handle without loading the SDK at all (all-in-one starts stay fast).
 */
export async function startTelemetry(env: Record<string, string | undefined> = process.env, overrides: TelemetryOverrides = {}): Promise<Telemetry> {
  const settings = telemetrySettings(env);
  if (!settings.enabled) return { settings, shutdown: async () => {} };
  const [{ NodeSDK }, { PeriodicExportingMetricReader }, { OTLPTraceExporter }, { OTLPMetricExporter }, { HttpInstrumentation }, { PgInstrumentation }] =
    await Promise.all([
      import('@opentelemetry/sdk-node'),
      import('@opentelemetry/sdk-metrics'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/exporter-metrics-otlp-http'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-pg'),
    ]);

  const sdk = new NodeSDK({
    serviceName: settings.serviceName,
    traceExporter: overrides.traceExporter ?? new OTLPTraceExporter({ url: settings.tracesUrl }),
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: overrides.metricExporter ?? new OTLPMetricExporter({ url: settings.metricsUrl }),
        exportIntervalMillis: settings.metricIntervalMs,
      }),
    ],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => IGNORED_INCOMING.test(request.url ?? ''),
        // Spans carry the URL too: the same credential values as in logs are never exported.
        redactedQueryParams: [...CLOUD_SIGNATURE_PARAMETERS, ...SECRET_QUERY_PARAMETERS],
        redactedQueryParamsServer: [...CLOUD_SIGNATURE_PARAMETERS, ...SECRET_QUERY_PARAMETERS],
      }),
      new PgInstrumentation(),
    ],
  });
  sdk.start();
  patchLoadedModules();

  let stopped: Promise<void> | undefined;
  return {
    settings,
    shutdown: () => (stopped ??= sdk.shutdown().catch(() => {})),
  };
}

function patchLoadedModules(): void {
  const require = createRequire(import.meta.url);
  for (const name of ['node:http', 'node:https', 'http', 'https', 'pg']) {
    try {
      require(name);
    } catch {
      // pg is absent from images that do not need it; nothing to patch then.
    }
  }
  syncBuiltinESMExports();
}

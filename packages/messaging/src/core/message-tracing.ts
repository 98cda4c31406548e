import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type TextMapGetter, type TextMapSetter } from '@opentelemetry/api';
import type { Envelope, TransportMessage } from './envelope.ts';

/**
 * Trace context travels in every message as the CloudEvents distributed-tracing extension
 * (`traceparent`, `tracestate`: W3C Trace Context), so one expediente's creation saga is one trace
 * across every service (ADR 0018). Without a tracer provider (all-in-one without
 * OTEL_EXPORTER_OTLP_ENDPOINT, tests) nothing is written and the spans cost nothing.
 */
type TraceFields = Pick<Envelope, 'traceparent' | 'tracestate'>;

const TRACE_KEYS = new Set(['traceparent', 'tracestate']);

const setter: TextMapSetter<TraceFields> = {
  set(carrier, key, value) {
    if (key === 'traceparent' || key === 'tracestate') carrier[key] = value;
  },
};

const getter: TextMapGetter<Envelope> = {
  keys: (carrier) => Object.keys(carrier).filter((key) => TRACE_KEYS.has(key)),
  get: (carrier, key) => (key === 'traceparent' ? carrier.traceparent : key === 'tracestate' ? carrier.tracestate : undefined),
};

/** The trace context of the code running now, as envelope attributes (none outside a recorded span). */
export function currentTraceContext(): TraceFields {
  const fields: TraceFields = {};
  propagation.inject(context.active(), fields, setter);
  return fields;
}

const tracer = trace.getTracer('@tramita/messaging');

/**
 * Runs `work` in a consumer span that continues the trace the message carries: what `work` sends
 * carries this span's context in turn.
 */
export function inMessageSpan<T>(message: TransportMessage, consumer: { group: string; service: string }, work: () => Promise<T>): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, message.envelope, getter);
  const attributes = {
    'messaging.system': 'tramita',
    'messaging.operation.type': 'process',
    'messaging.destination.name': message.topic,
    'messaging.consumer.group.name': consumer.group,
    'messaging.message.id': message.envelope.id,
    'cloudevents.event_type': message.envelope.type,
    'cloudevents.event_subject': message.envelope.subject,
    'tramita.service': consumer.service,
  };
  return tracer.startActiveSpan(`process ${message.envelope.type}`, { kind: SpanKind.CONSUMER, attributes }, parent, async (span) => {
    try {
      return await work();
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

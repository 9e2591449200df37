import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';

export interface Tracing {
  /** Spans leave the process: OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  enabled: boolean;
  resource: Resource;
  /** Where finished spans go (the workflow sandbox's spans too): OTLP in batches, or nowhere. */
  spanProcessor: SpanProcessor;
  /** Flushes what is still buffered; call it on the way out. */
  shutdown(): Promise<void>;
}

/**
 * OpenTelemetry tracing for one process, exported over OTLP/HTTP only when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads it, and OTEL_EXPORTER_OTLP_HEADERS, as the
 * OpenTelemetry spec says; spans go to `<endpoint>/v1/traces`). Registers the global tracer
 * provider, the AsyncLocalStorage context manager and the W3C trace-context propagator, so a span
 * started in an HTTP request is the parent of the workflow start it makes. Off, it registers
 * nothing and costs nothing.
 */
export function startTracing(
  serviceName: string,
  env: { OTEL_EXPORTER_OTLP_ENDPOINT?: string; OTEL_SERVICE_NAME?: string } = process.env,
): Tracing {
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME || serviceName });
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    return {
      enabled: false,
      resource,
      spanProcessor: new NoopSpanProcessor(),
      shutdown: async () => {},
    };
  }
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { enabled: true, resource, spanProcessor, shutdown: () => provider.shutdown() };
}

/**
 * The client interceptors that carry the current trace into every workflow start, signal, update
 * and query (as Temporal headers the worker's interceptors read); none when tracing is off.
 */
export function tracingClientInterceptors(tracing: Tracing) {
  return tracing.enabled ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : {};
}

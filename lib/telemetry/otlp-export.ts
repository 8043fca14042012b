import { createNoopMeter, type MeterProvider } from "@opentelemetry/api";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace";
import { env } from "@/lib/env";
import { otlpTracesUrl, parseOtlpHeaders } from "./otlp-config";
import { type EndedSpanRow, type SpanRow, toReadableSpan } from "./readable-span";

const REPORT_EVERY_MS = 60_000;

type Sink = { processor: BatchSpanProcessor; resource: Resource };

let sink: Sink | null | undefined;
const reads = new Map<string, Promise<void>>();
let lastReport = Number.NEGATIVE_INFINITY;
let unreported = 0;

/** Whether spans go to a collector: read once from OTEL_EXPORTER_OTLP_ENDPOINT. */
export function otlpEnabled(): boolean {
  if (sink === undefined) sink = createSink();
  return sink !== null;
}

// The SDK's batch span processor does the batching, the bound and the timer; it takes its settings
// from us, as this SDK version no longer reads OTEL_BSP_* itself.
function createSink(): Sink | null {
  try {
    const settings = env();
    if (!settings.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
    const exporter = new OTLPTraceExporter({
      url: otlpTracesUrl(settings.OTEL_EXPORTER_OTLP_ENDPOINT),
      headers: parseOtlpHeaders(settings.OTEL_EXPORTER_OTLP_HEADERS),
      timeoutMillis: settings.OTEL_BSP_EXPORT_TIMEOUT,
    });
    const processor = new BatchSpanProcessor({
      exporter: reportingFailures(exporter),
      scheduledDelayMillis: settings.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMillis: settings.OTEL_BSP_EXPORT_TIMEOUT,
      maxQueueSize: settings.OTEL_BSP_MAX_QUEUE_SIZE,
      maxExportBatchSize: settings.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
      selfObsMeterProvider: reportingDrops,
    });
    return { processor, resource: resourceFromAttributes({ "service.name": "flightdeck" }) };
  } catch (error) {
    report(`disabled: ${String(error)}`);
    return null;
  }
}

/** The exporter, with each refused or failed request reported (the processor only logs to OpenTelemetry's diag). */
function reportingFailures(exporter: SpanExporter): SpanExporter {
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      try {
        exporter.export(spans, (result) => {
          if (result.code !== ExportResultCode.SUCCESS)
            report(`${spans.length} spans not exported: ${String(result.error ?? "unknown error")}`);
          done(result);
        });
      } catch (error) {
        report(`${spans.length} spans not exported: ${String(error)}`);
        done({ code: ExportResultCode.FAILED, error: error as Error });
      }
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

// The processor tells of the spans it drops on a full queue only through its self-observability
// counter (error.type "queue_full"): a meter that reports those and ignores the rest.
const reportingDrops: MeterProvider = {
  getMeter: () =>
    Object.assign(Object.create(createNoopMeter()), {
      createCounter: () => ({
        add: (count: number, attributes?: Record<string, unknown>) => {
          if (attributes?.["error.type"] === "queue_full") report(`queue full, ${count} dropped`);
        },
      }),
    }),
};

/** Hands finished spans to the batch processor; never throws, never waits. Spans without an end are skipped. */
export function exportSpans(rows: readonly SpanRow[]): void {
  if (!otlpEnabled() || !sink) return;
  for (const row of rows) {
    if (row.endTime) sink.processor.onEnd(toReadableSpan(row as EndedSpanRow, sink.resource));
  }
}

/**
 * Exports spans that must first be read back (their end was written by SQL). Loads with the same
 * key run one after another, so a run's root span is never queued before its last turn.
 */
export function exportLater(key: string, load: () => Promise<readonly SpanRow[]>): void {
  if (!otlpEnabled()) return;
  const next = (reads.get(key) ?? Promise.resolve())
    .then(load)
    .then(exportSpans, (error) => report(`could not read spans: ${String(error)}`));
  reads.set(key, next);
  void next.finally(() => {
    if (reads.get(key) === next) reads.delete(key);
  });
}

function report(problem: string): void {
  const now = Date.now();
  if (now - lastReport < REPORT_EVERY_MS) {
    unreported++;
    return;
  }
  const more = unreported > 0 ? ` (and ${unreported} more problems in the last minute)` : "";
  console.warn(`OTLP export: ${problem}${more}`);
  lastReport = now;
  unreported = 0;
}

/** Sends what is queued or being read, for shutdown and tests; gives up after timeoutMs. */
export async function flushOtlpExport(timeoutMs = 5000): Promise<void> {
  const processor = sink?.processor;
  if (!processor) return;
  let timeout: NodeJS.Timeout | undefined;
  const flushed = (async () => {
    while (reads.size > 0) await Promise.all(reads.values());
    // A failed request was reported by the exporter; the flush itself has nothing to add.
    await processor.forceFlush().catch(() => {});
  })();
  await Promise.race([flushed, new Promise<void>((r) => (timeout = setTimeout(r, timeoutMs)))]);
  clearTimeout(timeout);
}

/** Flushes, shuts the processor down and forgets the configuration, so the next call re-reads env (tests). */
export async function resetOtlpExport(): Promise<void> {
  await flushOtlpExport();
  await sink?.processor.shutdown().catch(() => {});
  sink = undefined;
  lastReport = Number.NEGATIVE_INFINITY;
  unreported = 0;
}

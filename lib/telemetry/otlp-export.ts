import { ExportResultCode } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import { env } from "@/lib/env";
import { otlpTracesUrl, parseOtlpHeaders } from "./otlp-config";
import { type EndedSpanRow, type SpanRow, toReadableSpan } from "./readable-span";

// Spans wait at most DELAY_MS; past MAX_QUEUE (a slow or absent collector) new spans are dropped
// rather than held: the database keeps every span anyway, the export is a copy.
const MAX_QUEUE = 4096;
const BATCH = 512;
const DELAY_MS = 1000;
const REPORT_EVERY_MS = 60_000;

type Sink = { exporter: OTLPTraceExporter; resource: Resource };

let sink: Sink | null | undefined;
const queue: EndedSpanRow[] = [];
let timer: NodeJS.Timeout | undefined;
let sending: Promise<void> | null = null;
const reads = new Map<string, Promise<void>>();
let lastReport = Number.NEGATIVE_INFINITY;
let unreported = 0;

/** Whether spans go to a collector: read once from OTEL_EXPORTER_OTLP_ENDPOINT. */
export function otlpEnabled(): boolean {
  if (sink === undefined) sink = createSink();
  return sink !== null;
}

function createSink(): Sink | null {
  try {
    const { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_HEADERS: headers } = env();
    if (!endpoint) return null;
    const exporter = new OTLPTraceExporter({
      url: otlpTracesUrl(endpoint),
      headers: parseOtlpHeaders(headers),
      timeoutMillis: 10_000,
    });
    return { exporter, resource: resourceFromAttributes({ "service.name": "flightdeck" }) };
  } catch (error) {
    report(`disabled: ${String(error)}`);
    return null;
  }
}

/** Queues finished spans for the collector; never throws, never waits. Spans without an end are skipped. */
export function exportSpans(rows: readonly SpanRow[]): void {
  if (!otlpEnabled()) return;
  let dropped = 0;
  for (const row of rows) {
    if (!row.endTime) continue;
    if (queue.length >= MAX_QUEUE) dropped++;
    else queue.push(row as EndedSpanRow);
  }
  if (dropped > 0) report(`queue full, ${dropped} spans dropped`);
  if (queue.length >= BATCH) void drain();
  else if (!timer && queue.length > 0) {
    timer = setTimeout(() => {
      timer = undefined;
      void drain();
    }, DELAY_MS);
    timer.unref();
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

function drain(): Promise<void> {
  sending ??= sendAll().finally(() => {
    sending = null;
  });
  return sending;
}

// One request at a time keeps the collector's arrival order equal to ours.
async function sendAll(): Promise<void> {
  while (sink && queue.length > 0) await send(sink, queue.splice(0, BATCH));
}

function send({ exporter, resource }: Sink, rows: EndedSpanRow[]): Promise<void> {
  return new Promise((resolve) => {
    try {
      exporter.export(
        rows.map((row) => toReadableSpan(row, resource)),
        (result) => {
          if (result.code !== ExportResultCode.SUCCESS)
            report(`${rows.length} spans not exported: ${String(result.error ?? "unknown error")}`);
          resolve();
        },
      );
    } catch (error) {
      report(`${rows.length} spans not exported: ${String(error)}`);
      resolve();
    }
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
  if (!sink) return;
  let timeout: NodeJS.Timeout | undefined;
  const flushed = (async () => {
    while (reads.size > 0 || queue.length > 0 || sending) {
      await Promise.all(reads.values());
      await drain();
    }
  })();
  await Promise.race([flushed, new Promise<void>((r) => (timeout = setTimeout(r, timeoutMs)))]);
  clearTimeout(timeout);
}

/** Flushes, shuts the exporter down and forgets the configuration, so the next call re-reads env (tests). */
export async function resetOtlpExport(): Promise<void> {
  await flushOtlpExport();
  clearTimeout(timer);
  timer = undefined;
  queue.length = 0;
  await sink?.exporter.shutdown().catch(() => {});
  sink = undefined;
  lastReport = Number.NEGATIVE_INFINITY;
  unreported = 0;
}

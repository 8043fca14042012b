import { type HrTime, SpanKind, SpanStatusCode, TraceFlags } from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import type { spans } from "@/db/schema";

export type SpanRow = typeof spans.$inferInsert;
export type EndedSpanRow = SpanRow & { endTime: Date };

const STATUS = { unset: SpanStatusCode.UNSET, ok: SpanStatusCode.OK, error: SpanStatusCode.ERROR } as const;
const SCOPE = { name: "flightdeck" };

const hrTime = (ms: number): HrTime => [Math.floor(ms / 1000), (ms % 1000) * 1e6];

/** One of our stored spans as the SDK's finished span, keeping our ids so the trace matches the UI's. */
export function toReadableSpan(row: EndedSpanRow, resource: Resource): ReadableSpan {
  const context = { traceId: row.traceId, spanId: row.spanId, traceFlags: TraceFlags.SAMPLED };
  const start = row.startTime.getTime();
  const end = row.endTime.getTime();
  const attributes = row.attributes ?? {};
  return {
    name: row.name,
    // GenAI conventions: an inference call is a client span; agent, turn and tool spans are internal.
    kind: attributes["gen_ai.operation.name"] === "chat" ? SpanKind.CLIENT : SpanKind.INTERNAL,
    spanContext: () => context,
    parentSpanContext: row.parentSpanId
      ? { traceId: row.traceId, spanId: row.parentSpanId, traceFlags: TraceFlags.SAMPLED }
      : undefined,
    startTime: hrTime(start),
    endTime: hrTime(end),
    duration: hrTime(Math.max(0, end - start)),
    status: { code: STATUS[row.status ?? "unset"] },
    attributes: { ...attributes },
    links: [],
    events: [],
    ended: true,
    resource,
    instrumentationScope: SCOPE,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
}

import { storable, storableCut } from "./storable-text";

/** One span of an export request, checked and flattened: what ingest stores. */
export type IngestSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  start: Date;
  end: Date | null;
  status: "ok" | "error" | "unset";
  statusMessage: string | null;
  attributes: Record<string, string | number | boolean>;
  /** The resource's `service.name`: the source the run is filed under. */
  service: string;
};

/** A request ingest cannot read: answered 400 with this message. */
export class OtlpInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OtlpInputError";
  }
}

export const MAX_SPANS_PER_REQUEST = 10_000;
export const MAX_ATTRIBUTES = 256;
const MAX_TEXT = 32 * 1024;
const MAX_NAME = 1_000;

type Json = Record<string, unknown>;

/**
 * The spans of an OTLP/JSON export request (or a protobuf one decoded to the same shape): ids as
 * hex, times as nanoseconds since the epoch, attributes flattened to scalars (lists and maps as
 * JSON text). Anything malformed is refused with where it is.
 */
export function readSpans(request: unknown): IngestSpan[] {
  const spans: IngestSpan[] = [];
  const resources = list(field(request, "resourceSpans"), "resourceSpans");
  resources.forEach((resource, r) => {
    const resourceAttributes = attributes(
      field(field(resource, "resource"), "attributes"),
      `resourceSpans[${r}].resource`,
    );
    const service =
      typeof resourceAttributes["service.name"] === "string"
        ? resourceAttributes["service.name"]
        : "unknown_service";
    list(field(resource, "scopeSpans"), `resourceSpans[${r}].scopeSpans`).forEach((scope, s) => {
      list(field(scope, "spans"), `resourceSpans[${r}].scopeSpans[${s}].spans`).forEach((span, i) => {
        if (spans.length >= MAX_SPANS_PER_REQUEST)
          throw new OtlpInputError(
            `At most ${MAX_SPANS_PER_REQUEST} spans per request: send them in batches.`,
          );
        spans.push(readSpan(span, service, `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`));
      });
    });
  });
  return spans;
}

function readSpan(span: unknown, service: string, where: string): IngestSpan {
  const traceId = hexId(field(span, "traceId"), 32, `${where}.traceId`);
  const spanId = hexId(field(span, "spanId"), 16, `${where}.spanId`);
  const parent = field(span, "parentSpanId");
  const name = field(span, "name");
  if (typeof name !== "string" || name.length === 0)
    throw new OtlpInputError(`${where}.name must be a non-empty string.`);
  const start = nanosToDate(field(span, "startTimeUnixNano"), `${where}.startTimeUnixNano`);
  const endValue = field(span, "endTimeUnixNano");
  const end =
    endValue === undefined || endValue === "0" || endValue === 0
      ? null
      : nanosToDate(endValue, `${where}.endTimeUnixNano`);
  const status = field(span, "status");
  const code = Number(field(status, "code") ?? 0);
  const message = field(status, "message");
  return {
    traceId,
    spanId,
    parentSpanId: parent === undefined || parent === "" ? null : hexId(parent, 16, `${where}.parentSpanId`),
    name: storableCut(name, MAX_NAME),
    start,
    end: end && end < start ? start : end,
    status: code === 1 ? "ok" : code === 2 ? "error" : "unset",
    statusMessage: typeof message === "string" && message ? storableCut(message, MAX_TEXT) : null,
    attributes: attributes(field(span, "attributes"), where),
    service: storableCut(service, 200),
  };
}

function attributes(value: unknown, where: string): Record<string, string | number | boolean> {
  if (value === undefined) return {};
  const entries = list(value, `${where}.attributes`);
  if (entries.length > MAX_ATTRIBUTES)
    throw new OtlpInputError(`${where} has ${entries.length} attributes: at most ${MAX_ATTRIBUTES}.`);
  const out: Record<string, string | number | boolean> = {};
  for (const entry of entries) {
    const key = field(entry, "key");
    if (typeof key !== "string" || key.length === 0 || key.length > 256)
      throw new OtlpInputError(`${where}.attributes: every key is a string of 1 to 256 characters.`);
    const flat = scalar(field(entry, "value"));
    if (flat !== undefined) out[storable(key)] = flat;
  }
  return out;
}

/** An AnyValue as a scalar: lists and maps become JSON text, bytes base64; capped in size, storable. */
function scalar(value: unknown): string | number | boolean | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Json;
  if (typeof v.stringValue === "string") return storableCut(v.stringValue, MAX_TEXT);
  if (typeof v.boolValue === "boolean") return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isFinite(n) ? n : undefined;
  }
  if (v.doubleValue !== undefined) {
    const n = Number(v.doubleValue);
    return Number.isFinite(n) ? n : undefined;
  }
  if (v.arrayValue !== undefined) return storableCut(JSON.stringify(plain(v.arrayValue)), MAX_TEXT);
  if (v.kvlistValue !== undefined) return storableCut(JSON.stringify(plain(v.kvlistValue)), MAX_TEXT);
  // Base64 from protobuf; from OTLP/JSON whatever the client sent.
  if (typeof v.bytesValue === "string") return storableCut(v.bytesValue, MAX_TEXT);
  return undefined;
}

/** Nested AnyValues as plain JSON (for lists and maps kept as text). */
function plain(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return null;
  const v = value as Json;
  if (Array.isArray(v.values)) {
    const isMap = v.values.every((e) => e && typeof e === "object" && "key" in (e as Json));
    return isMap
      ? Object.fromEntries(
          v.values.map((e) => [storable(String((e as Json).key)), plain((e as Json).value, depth + 1)]),
        )
      : v.values.map((e) => plain(e, depth + 1));
  }
  const flat = scalar(v);
  return flat === undefined ? null : flat;
}

function hexId(value: unknown, length: number, where: string): string {
  if (
    typeof value !== "string" ||
    value.length !== length ||
    !/^[0-9a-f]+$/i.test(value) ||
    /^0+$/.test(value)
  )
    throw new OtlpInputError(`${where} must be ${length} hexadecimal characters, not all zero.`);
  return value.toLowerCase();
}

function nanosToDate(value: unknown, where: string): Date {
  const text = typeof value === "number" ? String(Math.trunc(value)) : value;
  if (typeof text !== "string" || !/^\d{1,20}$/.test(text))
    throw new OtlpInputError(`${where} must be nanoseconds since 1970 (a whole number).`);
  const ms = Number(BigInt(text) / 1_000_000n);
  const date = new Date(ms);
  if (ms < Date.UTC(2000, 0, 1) || ms > Date.now() + 86_400_000)
    throw new OtlpInputError(`${where} is not a time between 2000 and tomorrow.`);
  return date;
}

const field = (value: unknown, name: string): unknown =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json)[name] : undefined;

function list(value: unknown, where: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new OtlpInputError(`${where} must be a list.`);
  return value;
}

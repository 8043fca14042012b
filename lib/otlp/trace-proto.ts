import protobuf from "protobufjs";
import { checkProtobufCounts, type WireLimits } from "./decode-limits";
import { MAX_ATTRIBUTES, MAX_SPANS_PER_REQUEST } from "./read-spans";

/**
 * The messages of an OTLP/HTTP trace export (opentelemetry-proto: collector/trace/v1,
 * trace/v1, resource/v1, common/v1), as protobufjs reads them. Only what ingest reads is
 * declared: events, links and the rest are skipped as unknown fields.
 */
const descriptor = {
  nested: {
    ExportTraceServiceRequest: {
      fields: { resourceSpans: { rule: "repeated", type: "ResourceSpans", id: 1 } },
    },
    ResourceSpans: {
      fields: {
        resource: { type: "Resource", id: 1 },
        scopeSpans: { rule: "repeated", type: "ScopeSpans", id: 2 },
      },
    },
    Resource: { fields: { attributes: { rule: "repeated", type: "KeyValue", id: 1 } } },
    ScopeSpans: {
      fields: {
        scope: { type: "InstrumentationScope", id: 1 },
        spans: { rule: "repeated", type: "Span", id: 2 },
      },
    },
    InstrumentationScope: { fields: { name: { type: "string", id: 1 }, version: { type: "string", id: 2 } } },
    Span: {
      fields: {
        traceId: { type: "bytes", id: 1 },
        spanId: { type: "bytes", id: 2 },
        parentSpanId: { type: "bytes", id: 4 },
        name: { type: "string", id: 5 },
        kind: { type: "int32", id: 6 },
        startTimeUnixNano: { type: "fixed64", id: 7 },
        endTimeUnixNano: { type: "fixed64", id: 8 },
        attributes: { rule: "repeated", type: "KeyValue", id: 9 },
        status: { type: "Status", id: 15 },
      },
    },
    Status: { fields: { message: { type: "string", id: 2 }, code: { type: "int32", id: 3 } } },
    KeyValue: { fields: { key: { type: "string", id: 1 }, value: { type: "AnyValue", id: 2 } } },
    AnyValue: {
      oneofs: {
        value: {
          oneof: [
            "stringValue",
            "boolValue",
            "intValue",
            "doubleValue",
            "arrayValue",
            "kvlistValue",
            "bytesValue",
          ],
        },
      },
      fields: {
        stringValue: { type: "string", id: 1 },
        boolValue: { type: "bool", id: 2 },
        intValue: { type: "int64", id: 3 },
        doubleValue: { type: "double", id: 4 },
        arrayValue: { type: "ArrayValue", id: 5 },
        kvlistValue: { type: "KeyValueList", id: 6 },
        bytesValue: { type: "bytes", id: 7 },
      },
    },
    ArrayValue: { fields: { values: { rule: "repeated", type: "AnyValue", id: 1 } } },
    KeyValueList: { fields: { values: { rule: "repeated", type: "KeyValue", id: 1 } } },
  },
};

/** The ExportTraceServiceRequest message: what a protobuf body is decoded as. */
export const traceExportRequest = protobuf.Root.fromJSON(descriptor).lookupType("ExportTraceServiceRequest");

/** What readSpans refuses, refused before decoding: a request cannot decode to more than it takes. */
const limits: WireLimits = {
  perRequest: { "ScopeSpans.spans": MAX_SPANS_PER_REQUEST },
  perMessage: { "Span.attributes": MAX_ATTRIBUTES, "Resource.attributes": MAX_ATTRIBUTES },
};

/**
 * A protobuf export request as the plain object OTLP/JSON would give (ids and bytes as hex, 64-bit
 * numbers as strings), so one reader serves both encodings. Counted first (see checkProtobufCounts):
 * too many spans, attributes or messages are refused before any is built.
 */
export function decodeProtobufRequest(body: Uint8Array): unknown {
  checkProtobufCounts(traceExportRequest, body, limits);
  const message = traceExportRequest.decode(body);
  const plain = traceExportRequest.toObject(message, { longs: String, bytes: String, defaults: false }) as {
    resourceSpans?: { scopeSpans?: { spans?: Record<string, unknown>[] }[] }[];
  };
  for (const resource of plain.resourceSpans ?? [])
    for (const scope of resource.scopeSpans ?? [])
      for (const span of scope.spans ?? [])
        for (const id of ["traceId", "spanId", "parentSpanId"])
          if (typeof span[id] === "string") span[id] = Buffer.from(span[id], "base64").toString("hex");
  return plain;
}

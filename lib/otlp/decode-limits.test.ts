import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { checkJsonCounts, checkProtobufCounts, MAX_ELEMENTS_PER_REQUEST } from "./decode-limits";
import { arrayValue, attribute, exportRequest, field, span, stringValue, varint } from "./testing/otlp-wire";
import { traceExportRequest } from "./trace-proto";

const none = { perRequest: {}, perMessage: {} };
const count = (body: Uint8Array) => checkProtobufCounts(traceExportRequest, body, none);

/** The messages protobufjs built for a decoded value, the value itself included. */
function built(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + built(item), 0);
  if (!(value instanceof protobuf.Message)) return 0;
  return 1 + Object.values(value).reduce((sum: number, item) => sum + built(item), 0);
}

const outcome = <T>(work: () => T): T | Error => {
  try {
    return work();
  } catch (error) {
    return error as Error;
  }
};

// A request using every message of the descriptor, nested lists and maps, and fields it skips: a
// scope's attributes (field 3), a span's events (11) and a group (wire type 3) of unknown fields.
const rich = exportRequest(
  Buffer.concat([
    span(
      "chat",
      attribute("s", stringValue("v")),
      attribute("list", arrayValue(stringValue("a"), arrayValue(stringValue("b")))),
      attribute("map", field(6, field(1, Buffer.concat([field(1, "k"), field(2, stringValue("x"))])))),
      field(11, Buffer.concat([field(3, "event"), attribute("e", stringValue("v"))])),
      field(15, Buffer.concat([field(2, "failed"), varint(3 * 8), varint(2)])),
      Buffer.from([0x83, 0x01, 0x08, 0x01, 0x84, 0x01]),
    ),
  ]),
);
// A resource with its attributes (ResourceSpans field 1, Resource field 1 a KeyValue) and two spans.
const withResource = field(
  1,
  Buffer.concat([
    field(1, field(1, Buffer.concat([field(1, "service.name"), field(2, stringValue("bot"))]))),
    field(2, Buffer.concat([field(2, span("a")), field(2, span("b"))])),
  ]),
);

describe("counting a protobuf request before decoding it", () => {
  it("counts exactly the messages protobufjs builds, and skips what it skips", () => {
    // In `rich`: the request, its resource and scope spans, the span and its status, 4 key-values,
    // 7 values, 2 lists and a map. The event's attribute is no span's: skipped whole, as decoding does.
    expect(count(rich)).toBe(19);
    for (const body of [rich, withResource, exportRequest(span("a"), span("b"))])
      expect(count(body)).toBe(built(traceExportRequest.decode(body)));
  });

  it("walks the wire as the decoder does: refuses what it refuses, and never counts fewer", () => {
    // Deterministic damage to the request: bytes changed, dropped, added, or the request cut short.
    let seed = 17;
    const random = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    let decoded = 0;
    for (let n = 0; n < 5_000; n++) {
      const at = random(rich.length);
      const bytes = [...rich];
      const change = random(4);
      if (change === 0) bytes[at] = random(256);
      else if (change === 1) bytes.splice(at, 1);
      else if (change === 2) bytes.splice(at, 0, random(256));
      else bytes.length = at;
      const body = Buffer.from(bytes);
      const counted = outcome(() => count(body));
      const decodedValue = outcome(() => traceExportRequest.decode(body));
      // Text that is not UTF-8 is the decoder's alone to refuse: it builds nothing more for it.
      const refusedAlike = counted instanceof Error || /utf-8/.test(String(decodedValue));
      expect(refusedAlike, `damage ${change} at ${at}`).toBe(decodedValue instanceof Error);
      if (decodedValue instanceof Error || counted instanceof Error) continue;
      decoded++;
      expect(counted).toBeGreaterThanOrEqual(built(decodedValue));
    }
    expect(decoded).toBeGreaterThan(500);
  });

  it("refuses what nests deeper than the decoder reads, as the decoder would", () => {
    let value = stringValue("deep");
    for (let depth = 0; depth < 60; depth++) value = arrayValue(value);
    const body = exportRequest(span("chat", attribute("deep", value)));
    expect(() => traceExportRequest.decode(body)).toThrow(/max depth/);
    expect(() => count(body)).toThrow(/max depth/);
  });

  it("names a limit's field and where it was passed", () => {
    const limits = { perRequest: { "ScopeSpans.spans": 2 }, perMessage: { "Span.attributes": 1 } };
    const check = (body: Uint8Array) => () => checkProtobufCounts(traceExportRequest, body, limits);
    expect(check(exportRequest(span("a"), span("b")))).not.toThrow();
    expect(check(exportRequest(span("a"), span("b"), span("c")))).toThrow(
      "At most 2 spans per request: send them in batches.",
    );
    const twice = span("b", attribute("x", stringValue("1")), attribute("y", stringValue("2")));
    expect(check(exportRequest(span("a"), twice))).toThrow(
      "resourceSpans[0].scopeSpans[0].spans[1] has more than 1 attributes: at most 1.",
    );
    expect(() =>
      checkProtobufCounts(traceExportRequest, exportRequest(), { ...none, perMessage: { "Span.name": 1 } }),
    ).toThrow(/not a repeated field/);
  });
});

describe("counting a JSON body before parsing it", () => {
  const json = (text: string) => () => checkJsonCounts(Buffer.from(text));

  it("counts objects and lists outside strings, up to the limit", () => {
    const within = `[${"{},".repeat(MAX_ELEMENTS_PER_REQUEST - 2)}{}]`;
    expect(json(within)).not.toThrow();
    expect(json(`[${within}]`)).toThrow(/at most 1000000 objects and lists/);
    expect(json(`["${"{".repeat(MAX_ELEMENTS_PER_REQUEST)}", "\\\\", "\\"[[["]`)).not.toThrow();
    // An escaped backslash ends before the quote: the brackets after the string count again.
    expect(json(`["\\\\", ${"[".repeat(300)}`)).toThrow(/nests deeper than 201 levels/);
  });

  it("refuses nesting deeper than protobuf's, however few brackets", () => {
    expect(json(`${"[".repeat(201)}${"]".repeat(201)}`)).not.toThrow();
    expect(json(`${'{"a":'.repeat(202)}1${"}".repeat(202)}`)).toThrow(/nests deeper than 201 levels/);
  });
});

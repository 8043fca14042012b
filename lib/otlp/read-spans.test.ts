import { describe, expect, it } from "vitest";
import { unstorableTextAt } from "@/lib/http/unstorable-text";
import { type IngestSpan, readSpans } from "./read-spans";
import { classifySpan, type ObservedToolCall } from "./span-kind";
import { arrayValue, attribute, exportRequest, span, stringValue } from "./testing/otlp-wire";
import { decodeProtobufRequest } from "./trace-proto";

const startTimeUnixNano = String(BigInt(Date.now() - 60_000) * 1_000_000n);

/** One span of an OTLP/JSON request, as readSpans reads it. */
function readJsonSpan(name: string, attributes: Record<string, unknown>[]): IngestSpan {
  const request = {
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              { traceId: "ab".repeat(16), spanId: "cd".repeat(8), name, startTimeUnixNano, attributes },
            ],
          },
        ],
      },
    ],
  };
  const [read] = readSpans(request);
  if (!read) throw new Error("no span read");
  return read;
}

/** Everything ingest stores of a span, through the same JSON text PostgreSQL is sent. */
const stored = (span: IngestSpan) => JSON.parse(JSON.stringify({ span, call: classifySpan(span) }));

describe("what the span readers hand on is text PostgreSQL stores", () => {
  it("cuts a long name between characters: the emoji at the cut goes whole", () => {
    const fromJson = readJsonSpan(`${"a".repeat(999)}😀`, []);
    expect(fromJson.name).toBe("a".repeat(999));
    const [fromProtobuf] = readSpans(decodeProtobufRequest(exportRequest(span(`${"a".repeat(999)}😀`))));
    expect(fromProtobuf?.name).toBe("a".repeat(999));
    expect(readJsonSpan(`${"a".repeat(998)}😀`, []).name).toBe(`${"a".repeat(998)}😀`);
  });

  it("reads JSON escapes of NUL and lone surrogates in a tool's result as storable text", () => {
    const tool = readJsonSpan("execute_tool lookup", [
      { key: "gen_ai.operation.name", value: { stringValue: "execute_tool" } },
      {
        key: "gen_ai.tool.call.arguments",
        value: { stringValue: '{"order":"17\\u0000","list":["\\udc00ok"]}' },
      },
      { key: "gen_ai.tool.call.result", value: { stringValue: '{"x":"\\u0000","y":"\\ud800"}' } },
    ]);
    const call = classifySpan(tool) as ObservedToolCall;
    expect(call.result).toEqual({ x: "\uFFFD", y: "\uFFFD" });
    expect(call.args).toEqual({ order: "17\uFFFD", list: ["\uFFFDok"] });
    expect(unstorableTextAt(stored(tool))).toBeNull();
  });

  it("cleans bytes sent over OTLP/JSON, and every other kind of value", () => {
    const long = `${"b".repeat(32 * 1024 - 1)}😀`;
    const read = readJsonSpan("chat", [
      { key: "bytes", value: { bytesValue: "ab\u0000cd\ud800" } },
      { key: "text", value: { stringValue: long } },
      { key: "list", value: { arrayValue: { values: [{ stringValue: "\u0000" }, { stringValue: long }] } } },
      { key: "map", value: { kvlistValue: { values: [{ key: "k\ud800", value: { stringValue: "v" } }] } } },
      { key: "key\u0000", value: { stringValue: "ok" } },
    ]);
    expect(read.attributes).toMatchObject({
      bytes: "ab\uFFFDcd\uFFFD",
      text: "b".repeat(32 * 1024 - 1),
      map: '{"k\uFFFD":"v"}',
      "key\uFFFD": "ok",
    });
    expect(read.attributes.list).toMatch(/^\["\uFFFD","b{32762}$/);
    expect(unstorableTextAt(stored(read))).toBeNull();
  });

  it("cuts lists kept as JSON text between characters, over protobuf too", () => {
    // `["` and 32,765 characters: the emoji's first half is the 32,768th unit of the text.
    const list = arrayValue(stringValue(`${"c".repeat(32 * 1024 - 3)}😀`));
    const [read] = readSpans(decodeProtobufRequest(exportRequest(span("chat", attribute("list", list)))));
    expect(read?.attributes.list).toBe(`["${"c".repeat(32 * 1024 - 3)}`);
  });
});

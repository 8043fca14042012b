import { gzipSync } from "node:zlib";
import protobuf from "protobufjs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { MAX_ELEMENTS_PER_REQUEST } from "./decode-limits";
import { type Encoding, readExportRequest } from "./read-request";
import { MAX_ATTRIBUTES, OtlpInputError, readSpans } from "./read-spans";
import { attribute, exportRequest, field, repeat, span, stringValue } from "./testing/otlp-wire";

/** Reads `body` as the route does, sent as it is: gzip it first for `content-encoding: gzip`. */
const read = (body: BodyInit, encoding: Encoding, packing: "gzip" | "identity" = "identity") =>
  readExportRequest(
    new Request("http://localhost/api/otlp/v1/traces", {
      method: "POST",
      body,
      headers: {
        "content-type": encoding === "json" ? "application/json" : "application/x-protobuf",
        "content-encoding": packing,
      },
    }),
    encoding,
  );

/** How the route answers what `read` threw: 400 or 413, with the message. */
async function refusal(reading: Promise<unknown>): Promise<{ status: number; message: string }> {
  const error = await reading.then(
    () => expect.fail("the request was read"),
    (error: unknown) => error,
  );
  if (error instanceof OtlpInputError) return { status: 400, message: error.message };
  if (error instanceof AppError && error.code === "payload_too_large")
    return { status: 413, message: error.message };
  throw error;
}

// Decoding reads through Reader.create: spied on, it tells whether protobufjs decoded at all. Its
// first call swaps in the Buffer reader, so one request is read before any spy.
beforeAll(() => read(exportRequest(span("warm up")), "protobuf"));
afterEach(() => vi.restoreAllMocks());

describe("reading an export request, bounded before decoding", () => {
  it("decodes a request within the limits", async () => {
    const decode = vi.spyOn(protobuf.Reader, "create");
    const attributes = Array.from({ length: MAX_ATTRIBUTES }, (_, i) => attribute(`k${i}`, stringValue("v")));
    const spans = readSpans(
      await read(gzipSync(exportRequest(span("chat", ...attributes))), "protobuf", "gzip"),
    );
    expect(decode).toHaveBeenCalled();
    expect(spans).toHaveLength(1);
    expect(Object.keys(spans[0]?.attributes ?? {})).toHaveLength(MAX_ATTRIBUTES);
  });

  it("refuses 32 KB of gzip that unpack to 16.7 million empty attributes of one span, undecoded", async () => {
    const decode = vi.spyOn(protobuf.Reader, "create");
    // A span whose content is `4a 00` (attribute, length 0) 16.7 million times: 31.9 MB unpacked.
    const body = gzipSync(exportRequest(repeat([0x4a, 0x00], 16_700_000)));
    expect(body.length).toBeLessThan(40 * 1024);
    const result = await refusal(read(body, "protobuf", "gzip"));
    expect(result).toEqual({
      status: 400,
      message: `resourceSpans[0].scopeSpans[0].spans[0] has more than ${MAX_ATTRIBUTES} attributes: at most ${MAX_ATTRIBUTES}.`,
    });
    expect(decode).not.toHaveBeenCalled();
  });

  it("refuses too many messages wherever they sit (413), and too many spans (400), undecoded", async () => {
    const decode = vi.spyOn(protobuf.Reader, "create");
    // A million empty values in the list of one attribute: no limit of its own, but each a message.
    const inOneList = gzipSync(
      exportRequest(span("chat", attribute("list", field(5, repeat([0x0a, 0x00], 1_100_000))))),
    );
    const listed = await refusal(read(inOneList, "protobuf", "gzip"));
    expect(listed).toEqual({ status: 413, message: expect.stringMatching(/at most 1000000 objects/) });
    // Without gzip: 4,100 spans of 250 empty attributes each, every span within its limits.
    const wide = exportRequest(
      ...Array.from({ length: 4_100 }, () => span("chat", repeat([0x4a, 0x00], 250))),
    );
    expect(4_100 * 251).toBeGreaterThan(MAX_ELEMENTS_PER_REQUEST);
    expect((await refusal(read(wide, "protobuf"))).status).toBe(413);
    // 10,001 empty spans: readSpans would refuse them once decoded, with the same words.
    const many = field(1, field(2, repeat([0x12, 0x00], 10_001)));
    expect(await refusal(read(many, "protobuf"))).toEqual({
      status: 400,
      message: "At most 10000 spans per request: send them in batches.",
    });
    expect(decode).not.toHaveBeenCalled();
  });

  it("still answers a malformed protobuf body with 400", async () => {
    for (const body of [Buffer.from([0xff, 0xff, 0xff]), exportRequest(span("chat")).subarray(0, 20)])
      expect(await refusal(read(body, "protobuf"))).toEqual({
        status: 400,
        message: "The body is not a valid OTLP protobuf ExportTraceServiceRequest.",
      });
  });

  it("counts the objects and lists of a JSON body before parsing it", async () => {
    const parse = vi.spyOn(JSON, "parse");
    const parsedBody = () => parse.mock.calls.some(([text]) => text.startsWith('{"resourceSpans"'));
    // 32 MB of `{}` would take JSON.parse some 20 seconds and a gigabyte.
    const empties = gzipSync(`{"resourceSpans":[${"{},".repeat(11_000_000)}{}]}`);
    const objects = await refusal(read(empties, "json", "gzip"));
    expect(objects).toEqual({
      status: 413,
      message: expect.stringMatching(/at most 1000000 objects/),
    });
    const deep = `{"resourceSpans":${"[".repeat(300)}${"]".repeat(300)}}`;
    expect(await refusal(read(deep, "json"))).toEqual({
      status: 400,
      message: "The body nests deeper than 201 levels.",
    });
    expect(parsedBody()).toBe(false);
    // Brackets inside strings, escaped quotes included, are text: not counted.
    const text = `{"resourceSpans":[],"note":"\\"${"{[".repeat(MAX_ELEMENTS_PER_REQUEST)}"}`;
    expect(await read(text, "json")).toEqual({
      resourceSpans: [],
      note: `"${"{[".repeat(MAX_ELEMENTS_PER_REQUEST)}`,
    });
  });
});

/**
 * OTLP protobuf written byte by byte, so a test says exactly what a client sent: fields of the
 * wire format (opentelemetry-proto's numbers) rather than an encoder's idea of a valid message.
 */
export function varint(value: number): Buffer<ArrayBuffer> {
  const bytes: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) return Buffer.from([...bytes, rest]);
    bytes.push((rest % 128) | 128);
  }
}

/** A length-delimited field: a message, a string or bytes. */
export const field = (id: number, content: Uint8Array | string = ""): Buffer<ArrayBuffer> => {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  return Buffer.concat([varint(id * 8 + 2), varint(bytes.length), bytes]);
};

/** `bytes` written `times` times over: 16 million fields without a loop. */
export const repeat = (bytes: number[], times: number): Buffer<ArrayBuffer> =>
  Buffer.alloc(bytes.length * times, Buffer.from(bytes));

/** An ExportTraceServiceRequest of one resource and one scope holding spans of these contents. */
export const exportRequest = (...spans: Uint8Array[]): Buffer<ArrayBuffer> =>
  field(1, field(2, Buffer.concat(spans.map((span) => field(2, span)))));

/** A span's contents: ids, name, start a minute ago, and these fields (attributes…). */
export function span(name: string, ...fields: Uint8Array[]): Buffer<ArrayBuffer> {
  const start = Buffer.alloc(8);
  start.writeBigUInt64LE(BigInt(Date.now() - 60_000) * 1_000_000n);
  return Buffer.concat([
    field(1, Buffer.alloc(16, 0xab)),
    field(2, Buffer.alloc(8, 0xcd)),
    field(5, name),
    Buffer.concat([varint(7 * 8 + 1), start]),
    ...fields,
  ]);
}

/** A span attribute (field 9): a KeyValue whose AnyValue holds these contents. */
export const attribute = (key: string, value: Uint8Array): Buffer<ArrayBuffer> =>
  field(9, Buffer.concat([field(1, key), field(2, value)]));

/** AnyValue contents: a string, a list of AnyValues, bytes. */
export const stringValue = (text: string): Buffer<ArrayBuffer> => field(1, text);
export const arrayValue = (...values: Uint8Array[]): Buffer<ArrayBuffer> =>
  field(5, Buffer.concat(values.map((value) => field(1, value))));

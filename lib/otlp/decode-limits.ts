import protobuf from "protobufjs";
import { AppError } from "@/lib/errors";
import { OtlpInputError } from "./read-spans";

/**
 * Objects and lists (protobuf messages) one export request may decode to. Each costs one to two
 * microseconds of blocked event loop and about a hundred bytes, however few bytes the client spent on
 * it: 2 a message, so 32 KB gzipped unpack to 16 million. A million costs what a real request of
 * 15 MB costs (its attributes spend tens of bytes an element): 10,000 spans of 45 attributes fit.
 */
export const MAX_ELEMENTS_PER_REQUEST = 1_000_000;

/** As deep as OTLP/JSON may nest: a message and its list for each level protobuf decodes. */
export const MAX_JSON_DEPTH = 2 * protobuf.util.recursionLimit + 1;

export type WireLimits = {
  /** At most this many of a repeated message field ("ScopeSpans.spans") in the whole request. */
  perRequest: Record<string, number>;
  /** At most this many of a repeated message field ("Span.attributes") in each message holding it. */
  perMessage: Record<string, number>;
};

/**
 * Counts what decoding `body` as `type` would build, before anything is built: walks the wire format
 * as protobufjs's decoder does (into the same declared message fields, on the same wire type, as deep;
 * every other field skipped) and refuses more than MAX_ELEMENTS_PER_REQUEST messages (413) or more
 * than a limit allows (400). Input the decoder would refuse as malformed throws here already, but for
 * text that is not UTF-8: only decoding reads text.
 * Returns how many messages decoding builds (at most).
 */
export function checkProtobufCounts(type: protobuf.Type, body: Uint8Array, limits: WireLimits): number {
  const perRequest = limitsByField(type, limits.perRequest);
  const perMessage = limitsByField(type, limits.perMessage);
  const totals = new Map<protobuf.Field, number>();
  const reader = new protobuf.Reader(body);
  // The way to the message being read, for messages: field names, and indexes of repeated ones.
  const names: string[] = [];
  const indexes: number[] = [];
  const where = () => names.map((name, i) => (indexes[i] === -1 ? name : `${name}[${indexes[i]}]`)).join(".");
  let messages = 0;
  const read = (message: protobuf.Type, depth: number) => {
    if (depth > protobuf.Reader.recursionLimit) throw Error("max depth exceeded");
    if (++messages > MAX_ELEMENTS_PER_REQUEST) throw tooManyElements();
    const seen: number[] = []; // by field number
    while (reader.pos < reader.len) {
      const tag = reader.tag();
      const field = message.fieldsById[tag >>> 3];
      if ((tag & 7) !== 2 || !field || !(field.resolvedType instanceof protobuf.Type)) {
        reader.skipType(tag & 7, depth, tag >>> 3);
        continue;
      }
      const end = reader.size() + reader.pos;
      if (end > reader.len) throw RangeError("index out of range");
      const index = seen[field.id] ?? 0;
      seen[field.id] = index + 1;
      const inMessage = perMessage.get(field);
      if (inMessage !== undefined && index >= inMessage)
        throw new OtlpInputError(
          `${where()} has more than ${inMessage} ${field.name}: at most ${inMessage}.`,
        );
      const inRequest = perRequest.get(field);
      if (inRequest !== undefined) {
        const total = (totals.get(field) ?? 0) + 1;
        if (total > inRequest)
          throw new OtlpInputError(`At most ${inRequest} ${field.name} per request: send them in batches.`);
        totals.set(field, total);
      }
      const outer = reader.len;
      reader.len = end;
      names.push(field.name);
      indexes.push(field.repeated ? index : -1);
      read(field.resolvedType, depth + 1);
      names.pop();
      indexes.pop();
      if (reader.pos !== end) throw RangeError("index out of range");
      reader.len = outer;
    }
  };
  read(type, 0);
  return messages;
}

/** "Type.field" names resolved to the fields of `root`'s messages; a name that is none is a mistake. */
function limitsByField(root: protobuf.Type, limits: Record<string, number>): Map<protobuf.Field, number> {
  return new Map(
    Object.entries(limits).map(([name, limit]) => {
      const [typeName = "", fieldName = ""] = name.split(".");
      const field = root.lookupType(typeName).fields[fieldName];
      if (!field?.repeated) throw Error(`${name} is not a repeated field of ${root.name}'s messages.`);
      return [field, limit];
    }),
  );
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Counts the objects and lists of a JSON body before it is parsed, by its brackets outside strings
 * (exact for valid JSON; anything else fails to parse after): more than MAX_ELEMENTS_PER_REQUEST
 * → 413, nested deeper than MAX_JSON_DEPTH → 400.
 */
export function checkJsonCounts(body: Uint8Array): void {
  let elements = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++elements > MAX_ELEMENTS_PER_REQUEST) throw tooManyElements();
      if (++depth > MAX_JSON_DEPTH)
        throw new OtlpInputError(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
}

const tooManyElements = () =>
  new AppError(
    "payload_too_large",
    `An export request decodes to at most ${MAX_ELEMENTS_PER_REQUEST} objects and lists: send smaller batches.`,
  );

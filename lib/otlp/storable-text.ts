/**
 * Text PostgreSQL stores, in text and jsonb alike: a NUL character and a surrogate half without its
 * other half (see hasUnstorableText) each become U+FFFD. Everything ingest keeps from a span passes
 * through here, so one odd attribute cannot fail a whole export request.
 */
export const storable = (text: string): string => text.toWellFormed().replaceAll("\u0000", "\uFFFD");

/** Storable text of at most `max` UTF-16 units, cut between characters: never through an emoji. */
export function storableCut(text: string, max: number): string {
  if (text.length <= max) return storable(text);
  const last = text.charCodeAt(max - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return storable(text.slice(0, cut));
}

/** As deep as a JSON value is read; unstorableTextAt (lib/http) looks no deeper either. */
const MAX_JSON_DEPTH = 64;
const TOO_DEEP = Symbol("too deep");

/**
 * JSON text read with every string in it storable, keys too (`JSON.parse` turns the escapes
 * `\u0000` and `\ud800` into the very characters PostgreSQL refuses); null when the text is not
 * JSON or nests deeper than MAX_JSON_DEPTH.
 */
export function parseStorableJson(text: string): { value: unknown } | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const value = storableJson(parsed, 0);
  return value === TOO_DEEP ? null : { value };
}

function storableJson(value: unknown, depth: number): unknown {
  if (typeof value === "string") return storable(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_JSON_DEPTH) return TOO_DEEP;
  const entries: [string, unknown][] = [];
  for (const [key, item] of Object.entries(value)) {
    const clean = storableJson(item, depth + 1);
    if (clean === TOO_DEEP) return TOO_DEEP;
    entries.push([storable(key), clean]);
  }
  // fromEntries defines every key as its own property, "__proto__" included, as JSON.parse did.
  return Array.isArray(value) ? entries.map(([, item]) => item) : Object.fromEntries(entries);
}

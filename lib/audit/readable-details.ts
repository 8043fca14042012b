/** One line of an audit entry's details as a person reads it: a name and its value. */
export type DetailLine = { name: string; value: string };

const MAX_VALUE_CHARS = 300;

/**
 * An entry's details as lines: `maxSteps: 30 → 25` for a change, lists joined, nested objects as
 * short JSON. Names are spaced out of camelCase and snake_case; long values are cut.
 */
export function readableDetails(details: Record<string, unknown>): DetailLine[] {
  return Object.entries(details).flatMap(([name, value]) => {
    if (isChangeMap(value))
      return Object.entries(value).map(([field, change]) => ({
        name: spaced(field),
        value: `${text(change.from)} → ${text(change.to)}`,
      }));
    return [{ name: spaced(name), value: text(value) }];
  });
}

type Change = { from: unknown; to: unknown };

/** `{ maxSteps: { from: 30, to: 25 } }`: what an update records of the fields it changed. */
function isChangeMap(value: unknown): value is Record<string, Change> {
  if (!isObject(value)) return false;
  const entries = Object.values(value);
  return entries.length > 0 && entries.every((v) => isObject(v) && "from" in v && "to" in v);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function text(value: unknown): string {
  let out: string;
  if (value === null || value === undefined) out = "none";
  else if (typeof value === "string") out = value === "" ? '""' : value;
  else if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null))
    out = value.length === 0 ? "none" : value.map((v) => String(v)).join(", ");
  else if (typeof value === "object") out = JSON.stringify(value);
  else out = String(value);
  return out.length > MAX_VALUE_CHARS ? `${out.slice(0, MAX_VALUE_CHARS)}…` : out;
}

const spaced = (name: string): string =>
  name
    .replace(/_/g, " ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();

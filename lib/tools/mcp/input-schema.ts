import { z } from "zod";

export const MAX_INPUT_SCHEMA_BYTES = 64 * 1024;
export const MAX_INPUT_SCHEMA_DEPTH = 32;

// Keywords whose value is a map of names to subschemas, and those whose value is a subschema or a
// list of them: the places a `pattern` keyword can be (elsewhere "pattern" is a property's name).
const SCHEMA_MAPS = new Set(["properties", "$defs", "definitions", "dependentSchemas"]);
const SCHEMA_VALUES = new Set([
  "additionalProperties",
  "items",
  "prefixItems",
  "additionalItems",
  "contains",
  "propertyNames",
  "not",
  "allOf",
  "anyOf",
  "oneOf",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
]);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

type Walk = { depth: number; regexKeys: boolean };

/**
 * The schema without its `pattern` keywords. A server's regular expression would run on the
 * engine's thread in JavaScript's backtracking engine, where one crafted pattern can stall every
 * run in the process; the server, which wrote it, still enforces it.
 */
function withoutPatterns(node: unknown, level: number, walk: Walk): unknown {
  walk.depth = Math.max(walk.depth, level);
  if (Array.isArray(node)) return node.map((item) => withoutPatterns(item, level + 1, walk));
  if (!isPlainObject(node) || walk.depth > MAX_INPUT_SCHEMA_DEPTH) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "pattern" && typeof value === "string") continue;
    if (key === "patternProperties") walk.regexKeys = true;
    if (SCHEMA_MAPS.has(key) && isPlainObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, withoutPatterns(schema, level + 2, walk)]),
      );
    } else if (SCHEMA_VALUES.has(key)) {
      out[key] = withoutPatterns(value, level + 1, walk);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * The zod schema that validates a model's arguments for an MCP tool, from the tool's JSON Schema,
 * or why it cannot be used. `pattern` keywords are left to the server (see withoutPatterns).
 */
export function inputFromJsonSchema(
  schema: Record<string, unknown>,
): { input: z.ZodType } | { problem: string } {
  if (schema.type !== "object") {
    const found = schema.type === undefined ? "no type" : `type ${JSON.stringify(schema.type)}`;
    return { problem: `its input schema must have type "object" at the top, but has ${found}.` };
  }
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(schema));
  } catch {
    return { problem: "its input schema is not valid JSON." };
  }
  if (bytes > MAX_INPUT_SCHEMA_BYTES)
    return {
      problem: `its input schema is ${bytes} bytes, more than the ${MAX_INPUT_SCHEMA_BYTES} allowed.`,
    };
  const walk: Walk = { depth: 0, regexKeys: false };
  const stripped = withoutPatterns(schema, 0, walk);
  if (walk.depth > MAX_INPUT_SCHEMA_DEPTH)
    return { problem: `its input schema nests deeper than ${MAX_INPUT_SCHEMA_DEPTH} levels.` };
  if (walk.regexKeys)
    return {
      problem:
        "its input schema uses patternProperties (regular expressions on property names), which Flightdeck does not evaluate.",
    };
  try {
    // A registry of its own: the server's extra keywords must not land in zod's global registry,
    // where they would outlive this tool and show up in every other schema's JSON.
    return { input: z.fromJSONSchema(stripped as z.core.JSONSchema.JSONSchema, { registry: z.registry() }) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { problem: `its input schema cannot be checked: ${reason.slice(0, 300)}` };
  }
}

import { z } from "zod";

/** A value's JSON text may take at most this many bytes (UTF-8). */
export const MAX_VALUE_BYTES = 16 * 1024;
/** Objects and arrays inside one another at most this deep. */
export const MAX_VALUE_DEPTH = 8;
export const MAX_KEY_LENGTH = 200;

/** Letters, digits and `. _ : -`, starting with a letter or digit: safe in a URL path and in a prefix. */
export const memoryKeySchema = z
  .string()
  .max(MAX_KEY_LENGTH, `A key is at most ${MAX_KEY_LENGTH} characters.`)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    "A key starts with a letter or digit and holds only letters, digits and . _ : -",
  );

/** A key's beginning, for listing every key under it; '' lists all. */
export const memoryPrefixSchema = z
  .string()
  .max(MAX_KEY_LENGTH)
  .regex(/^[A-Za-z0-9._:-]*$/, "A prefix holds only letters, digits and . _ : -");

/** The case or conversation (a run's `external_id`) an item belongs to. */
export const sessionKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((session) => !unstorable(session), "A session holds no NUL or invalid Unicode.");

/** Why a value cannot be stored, or null: too deep, too large, or text PostgreSQL cannot keep. */
export function memoryValueProblem(value: unknown): string | null {
  if (value === undefined) return "A value is required (any JSON: an object, a list, text, a number).";
  const shape = shapeProblem(value, "value", 0);
  if (shape) return shape;
  const bytes = Buffer.byteLength(JSON.stringify(value), "utf8");
  if (bytes > MAX_VALUE_BYTES)
    return `The value is ${bytes} bytes of JSON; at most ${MAX_VALUE_BYTES} are kept per key.`;
  return null;
}

function shapeProblem(value: unknown, at: string, depth: number): string | null {
  if (typeof value === "string") return unstorable(value) ? `${at} holds a NUL or invalid Unicode.` : null;
  if (typeof value === "number") return Number.isFinite(value) ? null : `${at} is not a finite number.`;
  if (value === null || typeof value === "boolean") return null;
  if (typeof value !== "object") return `${at} is not JSON.`;
  if (depth >= MAX_VALUE_DEPTH) return `The value nests deeper than ${MAX_VALUE_DEPTH} levels (at ${at}).`;
  const entries: [string, unknown, string?][] = Array.isArray(value)
    ? value.map((v, i) => [`${at}[${i}]`, v])
    : Object.entries(value).map(([k, v]) => [`${at}.${k}`, v, k]);
  for (const [path, inner, name] of entries) {
    if (name !== undefined && unstorable(name)) return `A name in ${at} holds a NUL or invalid Unicode.`;
    const problem = shapeProblem(inner, path, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** Text PostgreSQL cannot keep: a NUL, or invalid Unicode (a lone surrogate). */
export const unstorable = (text: string): boolean => text.includes("\0") || !text.isWellFormed();

/** A JSON value that memory can keep: the zod form of `memoryValueProblem`, for every boundary. */
export const memoryValueSchema = z.unknown().superRefine((value, context) => {
  const problem = memoryValueProblem(value);
  if (problem) context.addIssue({ code: "custom", message: problem });
});

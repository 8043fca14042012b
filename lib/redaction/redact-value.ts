export const REDACTED = "[redacted]";

/**
 * Keeps the shape of a value and hides its content: object keys, array lengths, numbers and
 * booleans stay (ids, amounts and statuses tell a viewer what happened); strings do not.
 */
export function redactValue(value: unknown): unknown {
  if (typeof value === "string") return REDACTED;
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
  }
  return value;
}

/**
 * Text PostgreSQL cannot store (a NUL character) or that is not valid Unicode (a lone surrogate):
 * refused at the door with the field named, rather than failing deep in a query. Returns the path
 * of the first such string in a JSON value, or null.
 */
export function unstorableTextAt(value: unknown, path = "", depth = 0): string | null {
  if (depth > 64) return path || "body";
  if (typeof value === "string") return hasUnstorableText(value) ? path || "value" : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = unstorableTextAt(item, `${path}[${index}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (hasUnstorableText(key)) return at;
      const found = unstorableTextAt(item, at, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** A NUL, or a surrogate half without its other half (not well-formed UTF-16). */
export const hasUnstorableText = (text: string): boolean => text.includes("\0") || !text.isWellFormed();

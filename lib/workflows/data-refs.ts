import type { WorkflowData } from "./types";

const WHOLE = /^\{\{\s*([\w.-]+)\s*\}\}$/;
const PART = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** The value at `input` or `out.<node>.<field>…` (array items by index); undefined when absent. */
export function valueAt(data: WorkflowData, path: string): unknown {
  const [root, ...rest] = path.split(".");
  let value: unknown = root === "input" ? data.input : root === "out" ? data.out : undefined;
  for (const key of rest) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Fills a data workflow's value in from the run's data: a string that is one `{{path}}` becomes
 * that value as it is (a number stays a number), `{{path}}` inside other text is written in, and
 * objects and arrays are filled in all the way down.
 */
export function fill(template: unknown, data: WorkflowData): unknown {
  if (typeof template === "string") {
    const whole = template.match(WHOLE);
    if (whole?.[1]) return valueAt(data, whole[1]) ?? null;
    return template.replace(PART, (_, path: string) => textOf(valueAt(data, path)));
  }
  if (Array.isArray(template)) return template.map((item) => fill(item, data));
  if (template !== null && typeof template === "object")
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [key, fill(value, data)]));
  return template;
}

const textOf = (value: unknown): string =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);

/** The paths a value refers to, for checking them against the workflow's nodes. */
export function refsIn(template: unknown): string[] {
  if (typeof template === "string") return [...template.matchAll(PART)].map((m) => m[1] as string);
  if (Array.isArray(template)) return template.flatMap(refsIn);
  if (template !== null && typeof template === "object") return Object.values(template).flatMap(refsIn);
  return [];
}

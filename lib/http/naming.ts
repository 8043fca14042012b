import { z } from "zod";

/** `maxCostUsd` → `max_cost_usd`: the API's one naming style. */
export const snakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Where the change of names is explained; sent with every answer to a request that used the old ones. */
export const NAMING_DOCS = "/api/v1/openapi.json";

/** The headers that tell a client it sent camelCase names, accepted for one release only. */
export const deprecationHeaders = (): Record<string, string> => ({
  deprecation: "true",
  link: `<${NAMING_DOCS}>; rel="deprecation"; type="application/json"`,
});

type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;

/** A use case's input type as the API's body names it. */
export type SnakeCaseKeys<T> = T extends readonly unknown[] | Date
  ? T
  : T extends object
    ? { [K in keyof T as K extends string ? SnakeCase<K> : K]: SnakeCaseKeys<T[K]> }
    : T;

type Shape = Record<string, z.ZodType>;

/** The fields of the object a body schema takes, looking through optional, nullable and pipes. */
function objectShape(schema: z.ZodType | undefined): Shape | null {
  let current = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const def = current.def as { type: string; shape?: Shape; innerType?: z.ZodType; in?: z.ZodType };
    if (def.type === "object") return def.shape ?? null;
    current = def.type === "pipe" ? def.in : def.innerType;
  }
  return null;
}

const renamedSchemas = new WeakMap<z.ZodType, Map<string, string>>();

/**
 * A use case's camelCase body schema as the API takes it: the same fields and rules, named in
 * snake_case, handed to the use case under its own names. Objects nested in fields are renamed too;
 * values such as tool arguments (records) are data and keep their keys.
 */
export function snakeCaseBody<S extends z.ZodObject>(
  schema: S,
): z.ZodType<z.output<S>, SnakeCaseKeys<z.input<S>>> {
  const renames = new Map<string, string>();
  const renamed = renameObject(schema, renames) as z.ZodType<z.output<S>, SnakeCaseKeys<z.input<S>>>;
  renamedSchemas.set(renamed, renames);
  return renamed;
}

function renameObject(schema: z.ZodObject, renames: Map<string, string>): z.ZodType {
  const def = schema.def;
  const shape: Shape = {};
  const back: Record<string, string> = {};
  for (const [name, field] of Object.entries(def.shape as Shape)) {
    const snake = snakeCase(name);
    shape[snake] = renameNested(field, renames);
    back[snake] = name;
    if (snake !== name) renames.set(name, snake);
  }
  const object = z.object(shape, { error: def.error as never });
  const renamed = (def.catchall ? object.catchall(def.catchall) : object).transform((value) =>
    Object.fromEntries(Object.entries(value).map(([key, v]) => [back[key] ?? key, v])),
  );
  // Rules on the whole object check it under the use case's names, as they were written.
  return def.checks?.length ? renamed.check(...(def.checks as z.core.$ZodCheck<unknown>[])) : renamed;
}

function renameNested(field: z.ZodType, renames: Map<string, string>): z.ZodType {
  const def = field.def as { type: string; innerType?: z.ZodType };
  if (def.type === "object") return renameObject(field as z.ZodObject, renames);
  if (def.type === "optional" && def.innerType) return renameNested(def.innerType, renames).optional();
  if (def.type === "nullable" && def.innerType) return renameNested(def.innerType, renames).nullable();
  return field;
}

/** `limits.maxSteps` → `limits.max_steps`: a use case's field, named as the API's body names it. */
export function apiFieldName(schema: z.ZodType | undefined, field: string): string {
  const renames = schema && renamedSchemas.get(schema);
  if (!renames) return field;
  return field
    .split(".")
    .map((part) => renames.get(part) ?? part)
    .join(".");
}

/**
 * Accepts the camelCase names a body used before the API settled on snake_case (one release): each
 * key the schema knows in snake_case is renamed, at every level the schema describes. Returns the
 * body as the schema reads it and the old names that were sent.
 */
export function acceptCamelCase(body: unknown, schema: z.ZodType): { body: unknown; camelCase: string[] } {
  const camelCase: string[] = [];
  return { body: renameKnown(body, schema, camelCase), camelCase };
}

function renameKnown(value: unknown, schema: z.ZodType | undefined, found: string[]): unknown {
  const shape = objectShape(schema);
  if (Array.isArray(value)) {
    const element = arrayElement(schema);
    return element ? value.map((item) => renameKnown(item, element, found)) : value;
  }
  if (!shape || value === null || typeof value !== "object") return value;
  // Own keys only: a body may name `constructor` or `__proto__`, which no schema describes.
  const has = (object: object, key: string) => Object.hasOwn(object, key);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const snake = snakeCase(key);
    const known = snake !== key && !has(shape, key) && has(shape, snake) && !has(value, snake);
    if (known) found.push(key);
    const name = known ? snake : key;
    Object.defineProperty(out, name, {
      value: renameKnown(v, has(shape, name) ? shape[name] : undefined, found),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function arrayElement(schema: z.ZodType | undefined): z.ZodType | null {
  let current = schema;
  for (let depth = 0; current && depth < 8; depth++) {
    const def = current.def as { type: string; element?: z.ZodType; innerType?: z.ZodType; in?: z.ZodType };
    if (def.type === "array") return def.element ?? null;
    current = def.type === "pipe" ? def.in : def.innerType;
  }
  return null;
}

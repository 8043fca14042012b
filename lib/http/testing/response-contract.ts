import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { openApiPath } from "../openapi";

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
};
type Operation = { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * Checks an answer against the OpenAPI document: the route declares that status and media type,
 * the body is valid against its schema, and every key the schema names a field of is snake_case
 * (data the schema leaves open — tool arguments, evidence, maps keyed by names — keeps its keys).
 */
export function responseChecker(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  return (method: string, folder: string, status: number, contentType: string, body: unknown) => {
    const path = openApiPath(folder).path;
    const where = `${method} ${path} → ${status}`;
    const declared = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
    if (!declared) throw new Error(`${where}: the document declares no ${status} for this route`);
    const content = declared.content;
    if (!content) {
      if (body !== "" && body !== undefined) throw new Error(`${where}: a body where none is declared`);
      return;
    }
    const media = Object.keys(content).find((type) => contentType.startsWith(type));
    if (!media) throw new Error(`${where}: ${contentType} is not one of ${Object.keys(content).join(", ")}`);
    const schema = content[media]?.schema;
    if (!schema) return;
    const validate = ajv.compile(schema);
    if (!validate(body)) {
      const errors = (validate.errors ?? []).map(
        (e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
      );
      throw new Error(`${where}: ${errors.join("; ")}`);
    }
    const camelCase = keysNotSnakeCase(body, schema, "");
    if (camelCase.length > 0) throw new Error(`${where}: keys not in snake_case: ${camelCase.join(", ")}`);
  };
}

function keysNotSnakeCase(value: unknown, schema: Schema | undefined, at: string): string[] {
  if (!schema || value === null || typeof value !== "object") return [];
  if (Array.isArray(value))
    return value.flatMap((item, i) => keysNotSnakeCase(item, schema.items, `${at}[${i}]`));
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const keys = Object.keys(value);
    const fits = branches.find((b) => b.properties && keys.every((key) => key in (b.properties ?? {})));
    return keysNotSnakeCase(value, fits, at);
  }
  // An object without named fields is data or a map keyed by names: its keys are not the API's.
  if (!schema.properties) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(SNAKE_CASE.test(key) ? [] : [`${at}${key}`]),
    ...keysNotSnakeCase(inner, schema.properties?.[key], `${at}${key}.`),
  ]);
}

import { z } from "zod";
import type { RouteContract, RouteResponses } from "./api-route";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** A route module as Next.js loads it: its handlers by method, each carrying its contract. */
export type RouteModule = Partial<Record<(typeof METHODS)[number], { contract?: RouteContract }>>;

/** Where a route lives under /api/v1, in the folder's own form: `runs/[id]/outcome`. */
export type RouteEntry = { path: string; module: RouteModule };

/** The route list, checked for type only: Next's handler types differ by their path parameters. */
export const apiRouteList = (routes: { path: string; module: unknown }[]): RouteEntry[] =>
  routes as RouteEntry[];

const ERROR = { $ref: "#/components/schemas/Error" };

/** `runs/[id]` → `/api/v1/runs/{id}`, and the names of its path parameters. */
export function openApiPath(folder: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = folder.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: `/api/v1/${path}`.replace(/\/$/, ""), params };
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): object {
  try {
    const { $schema: _, ...described } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
    return described;
  } catch {
    return { type: "object" };
  }
}

/** The path's parameters, then the query's, from the route's query schema (each field one parameter). */
function parameters(pathParams: string[], query: z.ZodObject | undefined): { parameters?: object[] } {
  const list: object[] = pathParams.map((name) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
  for (const [name, field] of Object.entries(query?.shape ?? {})) {
    const schema = field as z.ZodType;
    const described = jsonSchema(schema, "input") as { description?: string };
    list.push({
      name,
      in: "query",
      required: !schema.safeParse(undefined).success,
      ...(described.description ? { description: described.description } : {}),
      schema: described,
    });
  }
  return list.length > 0 ? { parameters: list } : {};
}

const SUCCESS: Record<string, string> = {
  200: "Success",
  201: "Created",
  202: "Accepted, done later",
  204: "Done, no content",
};

/** The route's successes as it declares them; a route that declares none is described loosely. */
function successResponses(responses: RouteResponses | undefined): Record<string, object> {
  if (!responses) return { "200": { description: "Success (201 when something was created)." } };
  return Object.fromEntries(
    Object.entries(responses).map(([status, body]) => {
      const description = SUCCESS[status] ?? "Success";
      if (body === null || body === undefined) return [status, { description }];
      if (typeof body === "string") return [status, { description, content: { [body]: {} } }];
      return [
        status,
        { description, content: { "application/json": { schema: jsonSchema(body, "output") } } },
      ];
    }),
  );
}

/**
 * The OpenAPI 3.1 document of the HTTP API, made from the routes themselves: each handler says how it
 * authenticates, the scope it needs and the zod schema of its body, so the document cannot drift
 * from what the routes accept. Every answer is JSON; every refusal is the Error object.
 */
export function openApiDocument(routes: RouteEntry[], version: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const { path: folder, module } of routes) {
    const { path, params } = openApiPath(folder);
    for (const method of METHODS) {
      const contract = module[method]?.contract;
      if (!contract) continue;
      paths[path] ??= {};
      (paths[path] as Record<string, object>)[method.toLowerCase()] = {
        operationId: `${method.toLowerCase()}_${folder.replace(/[[\]]/g, "").replace(/[^a-zA-Z0-9]+/g, "_")}`,
        ...(contract.scope ? { description: `Needs the \`${contract.scope}\` scope.` } : {}),
        security:
          contract.auth === "none"
            ? []
            : [contract.auth === "platform" ? { platformToken: [] } : { apiKey: [] }],
        ...parameters(params, contract.query),
        ...(contract.body
          ? {
              requestBody: {
                required: true,
                content: { "application/json": { schema: jsonSchema(contract.body, "input") } },
              },
            }
          : {}),
        ...(method === "POST"
          ? {
              "x-idempotency-key":
                "Accepts an Idempotency-Key header: a retry gets the first answer (24 h, per tenant).",
            }
          : {}),
        responses: {
          ...successResponses(contract.responses),
          "400": { description: "Invalid input", content: { "application/json": { schema: ERROR } } },
          "401": { description: "No or an unknown key", content: { "application/json": { schema: ERROR } } },
          "403": {
            description: "The key's role lacks the scope",
            content: { "application/json": { schema: ERROR } },
          },
          "404": {
            description: "Not found in this tenant",
            content: { "application/json": { schema: ERROR } },
          },
          "409": {
            description: "Conflicts with the current state",
            content: { "application/json": { schema: ERROR } },
          },
          "429": {
            description: "Too many requests (Retry-After)",
            content: { "application/json": { schema: ERROR } },
          },
        },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Flightdeck API",
      version,
      description: [
        "The control plane for production AI agents. Authenticate with `Authorization: Bearer <key>`.",
        "Naming: every field of every request and answer is snake_case; data (tool arguments, receipts, schemas) keeps its own keys.",
        "Deprecated: the camelCase request fields of earlier releases (`dryRun`, `limits.maxSteps`, `expectedVersion`, …) are still accepted in this release; an answer to a request that used one carries `Deprecation: true` and a `Link` here. The next release refuses them.",
      ].join("\n\n"),
    },
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A tenant's API key (Settings → API keys)." },
        platformToken: { type: "http", scheme: "bearer", description: "FLIGHTDECK_PLATFORM_TOKEN." },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                field: { type: "string" },
              },
            },
          },
        },
      },
    },
  };
}

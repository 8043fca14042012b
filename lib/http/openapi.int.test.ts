import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { openApiPath } from "./openapi";

const apiRoot = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every route file under /api/v1 with the methods it exports, read from the files themselves. */
function routesOnDisk(): { folder: string; method: string; takesBody: boolean }[] {
  const found: { folder: string; method: string; takesBody: boolean }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const folder = path.relative(apiRoot, dir).split(path.sep).join("/");
        if (folder.startsWith("[...") || folder === "openapi.json") continue;
        const text = readFileSync(full, "utf8");
        for (const match of text.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g))
          found.push({ folder, method: match[1] ?? "", takesBody: /body: [A-Za-z]/.test(text) });
      }
    }
  };
  walk(apiRoot);
  return found;
}

describe("the OpenAPI document", () => {
  it("is served without a key and names every route of the API with its scope and body", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { description?: string; requestBody?: unknown; security: unknown[] }>
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    const routes = routesOnDisk();
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) {
      const operation = doc.paths[openApiPath(route.folder).path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.folder}`).toBeDefined();
      expect(operation?.security.length, `${route.method} ${route.folder}`).toBe(1);
    }
    const operations = Object.values(doc.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(routes.length);
    // Bodies come from the routes' own zod schemas.
    const ask = doc.paths["/api/v1/gate/runs/{id}/calls"]?.post as {
      requestBody: { content: { "application/json": { schema: { properties: Record<string, unknown> } } } };
      description: string;
    };
    expect(Object.keys(ask.requestBody.content["application/json"].schema.properties)).toEqual(
      expect.arrayContaining(["tool", "args", "provenance", "reason"]),
    );
    expect(ask.description).toContain("runs:start");
    // Answers come from the serializers' own schemas, by status.
    type Answers = Record<string, { content?: Record<string, { schema: { properties: object } }> }>;
    const answers = (path: string, method: string) =>
      (doc.paths[path]?.[method] as unknown as { responses: Answers } | undefined)?.responses ?? {};
    const agent = answers("/api/v1/agents/{id}", "get")["200"]?.content?.["application/json"]?.schema;
    expect(Object.keys(agent?.properties ?? {})).toEqual(expect.arrayContaining(["max_steps", "updated_at"]));
    expect(answers("/api/v1/agents", "post")["201"]).toBeDefined();
    expect(answers("/api/v1/members/{user_id}", "delete")["204"]).toEqual({
      description: "Done, no content",
    });
  });

  it("names every field of every request body in snake_case", async () => {
    const doc = (await GET().json()) as { paths: Record<string, Record<string, { requestBody?: Body }>> };
    type Body = { content: { "application/json": { schema: object } } };
    const camelCase: string[] = [];
    const walk = (schema: unknown, at: string) => {
      if (!schema || typeof schema !== "object") return;
      const s = schema as Record<string, unknown>;
      for (const [name, field] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
        if (/[A-Z]/.test(name)) camelCase.push(`${at}.${name}`);
        walk(field, `${at}.${name}`);
      }
      for (const key of ["items", "anyOf", "oneOf", "allOf"])
        for (const inner of [s[key]].flat()) walk(inner, at);
    };
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(methods))
        walk(operation.requestBody?.content["application/json"].schema, `${method} ${path}`);
    expect(camelCase).toEqual([]);
    const start = doc.paths["/api/v1/runs"]?.post?.requestBody?.content["application/json"].schema as {
      properties: Record<string, { properties?: object }>;
    };
    expect(Object.keys(start.properties)).toContain("dry_run");
    expect(Object.keys(start.properties.limits?.properties ?? {})).toContain("max_steps");
  });
});

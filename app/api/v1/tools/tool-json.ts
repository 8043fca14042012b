import { z } from "zod";
import { data, timestamp } from "@/lib/http/json-shapes";
import type { CatalogTool } from "@/lib/mcp-servers/catalog";

export const toolJson = z.object({
  name: z.string().nullable(),
  source: z.string(),
  description: z.string(),
  risk: z.string().nullable(),
  idempotent: z.boolean(),
  timeout_ms: z.number(),
  problem: z.string().nullable(),
  input_schema: data,
  resource: z.object({ type: z.string(), arg: z.string() }).optional(),
  server: z.string().optional(),
  server_id: z.string().optional(),
  remote_name: z.string().optional(),
  updated_at: timestamp.optional(),
});

/** The API's view of a tool in the tenant's catalog: snake_case; MCP tools also name their server. */
export const toToolJson = (t: CatalogTool): z.input<typeof toolJson> => ({
  name: t.name,
  source: t.source,
  description: t.description,
  risk: t.risk,
  idempotent: t.idempotent,
  timeout_ms: t.timeoutMs,
  problem: t.problem,
  input_schema: t.inputSchema,
  resource: t.resource,
  server: t.server,
  server_id: t.serverId,
  remote_name: t.remoteName,
  updated_at: t.updatedAt,
});

/** A declared tool, as declaring it answers. */
export const declaredToolJson = z.object({
  name: z.string(),
  source: z.literal("declared"),
  description: z.string(),
  risk: z.string(),
  idempotent: z.boolean(),
  input_schema: data,
  resource: z.object({ type: z.string(), arg: z.string().nullable() }).nullable(),
  replaced: z.boolean(),
});

import type { CatalogTool } from "@/lib/mcp-servers/catalog";

/** The API's view of a tool in the tenant's catalog: snake_case; MCP tools also name their server. */
export const toToolJson = (t: CatalogTool) => ({
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

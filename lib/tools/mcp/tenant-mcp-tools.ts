import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { mcpServers, mcpTools } from "@/db/schema";
import type { McpToolSettings } from "./mcp-tool";
import { SealedHeadersError } from "./sealed-headers";
import type { McpServerConfig } from "./server-config";
import { configOf } from "./stored-server";

/** A usable MCP tool of a tenant, with what it takes to call it. */
export type McpToolRow = {
  /** Its catalog name (`<server>__<tool>`): what agents list and models call. */
  name: string;
  /** Its name on the server: what `tools/call` names. */
  remoteName: string;
  description: string;
  inputSchema: Record<string, unknown>;
  settings: McpToolSettings;
  /** The server, with its connection settings (headers opened: never log or show them). */
  server: { id: string; name: string; config: McpServerConfig };
};

/**
 * For the engine (no scope check: call it only for a tenant whose run is being served, never on a
 * caller's say-so). The tenant's MCP tools that can be offered (no problem), each with its server's
 * connection settings. Build each tool with
 * `toolFromMcp({ name: row.server.name }, { name: row.remoteName, description: row.description,
 * inputSchema: row.inputSchema }, row.settings, connection.callTool)` over one connection per server
 * (`openMcpConnection(row.server.config, …)` with mcpServerSettings()). A server whose headers cannot
 * be opened (the secret changed) is left out: its refresh says why.
 */
export async function loadTenantMcpTools(db: DbOrTx, tenantId: string): Promise<McpToolRow[]> {
  const rows = await db
    .select({ tool: mcpTools, server: mcpServers })
    .from(mcpTools)
    .innerJoin(mcpServers, eq(mcpServers.id, mcpTools.serverId))
    .where(and(eq(mcpTools.tenantId, tenantId), isNull(mcpTools.problem), isNotNull(mcpTools.name)))
    .orderBy(asc(mcpServers.name), asc(mcpTools.remoteName));
  const configs = new Map<string, McpServerConfig | null>();
  const out: McpToolRow[] = [];
  for (const { tool, server } of rows) {
    if (!configs.has(server.id)) {
      try {
        configs.set(server.id, configOf(server));
      } catch (error) {
        if (!(error instanceof SealedHeadersError)) throw error;
        configs.set(server.id, null);
      }
    }
    const config = configs.get(server.id);
    if (!config || !tool.name) continue;
    out.push({
      name: tool.name,
      remoteName: tool.remoteName,
      description: tool.description,
      inputSchema: tool.inputSchema,
      settings: { risk: tool.risk, idempotent: tool.idempotent, timeoutMs: tool.timeoutMs },
      server: { id: server.id, name: server.name, config },
    });
  }
  return out;
}

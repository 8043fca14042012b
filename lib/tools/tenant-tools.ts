import type { DbOrTx } from "@/db/client";
import { loadTenantMcpTools } from "@/lib/mcp-servers/catalog";
import { mcpServerSettings } from "@/lib/mcp-servers/settings";
import { previewMcpCall, toolFromMcp } from "./mcp/mcp-tool";
import { mcpCaller } from "./mcp/pool";
import type { AnyTool } from "./types";

/** How long a tenant's catalog is served from memory before it is read again. */
const CATALOG_TTL_MS = 5_000;

const catalogs = new Map<string, { loadedAt: number; tools: Map<string, AnyTool> }>();

/**
 * Reads the tenant's own tools (its MCP servers' usable tools) into this process, at most every
 * few seconds; lookups after it are synchronous (getTool with the tenant). Call it before a run's
 * turn, an agent's validation or a page that lists the catalog.
 */
export async function loadTenantTools(db: DbOrTx, tenantId: string): Promise<void> {
  const cached = catalogs.get(tenantId);
  if (cached && Date.now() - cached.loadedAt < CATALOG_TTL_MS) return;
  const settings = mcpServerSettings();
  const tools = new Map<string, AnyTool>();
  for (const row of await loadTenantMcpTools(db, tenantId)) {
    const server = { name: row.server.name };
    const call = mcpCaller(row.server, settings);
    const info = { name: row.remoteName, description: row.description, inputSchema: row.inputSchema };
    const built = toolFromMcp(server, info, row.settings, call);
    if (!("tool" in built) || built.tool.name !== row.name) continue;
    tools.set(row.name, {
      ...built.tool,
      // A dry run says what would be called, and calls nothing.
      preview: async (args) => previewMcpCall(server, row.remoteName, args),
    });
  }
  catalogs.set(tenantId, { loadedAt: Date.now(), tools });
}

/** One of the tenant's own tools, if loadTenantTools read it. */
export function tenantTool(tenantId: string, name: string): AnyTool | undefined {
  return catalogs.get(tenantId)?.tools.get(name);
}

/** Every tool of the tenant's own that loadTenantTools read. */
export function tenantToolList(tenantId: string): AnyTool[] {
  return [...(catalogs.get(tenantId)?.tools.values() ?? [])];
}

/** Forgets a tenant's catalog, so the next load reads it again (after a change to it). */
export function forgetTenantTools(tenantId: string): void {
  catalogs.delete(tenantId);
}

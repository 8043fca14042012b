import type { DbOrTx } from "@/db/client";
import { builtInTools } from "./built-in-tools";
import { loadDeclaredTools, toolFromDeclaration } from "./declared-tool";
import { previewMcpCall, toolFromMcp } from "./mcp/mcp-tool";
import { mcpCaller } from "./mcp/pool";
import { mcpServerSettings } from "./mcp/settings";
import { loadTenantMcpTools } from "./mcp/tenant-mcp-tools";
import type { AnyTool } from "./types";

/** How long a tenant's catalog is served from memory before it is read again. */
const CATALOG_TTL_MS = 5_000;

type Catalog = { loadedAt: number; tools: Map<string, AnyTool>; signature: string; version: number };

const catalogs = new Map<string, Catalog>();
let versions = 0;

/**
 * Reads the tenant's own tools (its MCP servers' usable tools and its declared ones) into this process, at most every
 * few seconds; lookups after it are synchronous (getTool with the tenant). Call it before a run's
 * turn, an agent's validation or a page that lists the catalog.
 */
export async function loadTenantTools(db: DbOrTx, tenantId: string): Promise<void> {
  const cached = catalogs.get(tenantId);
  if (cached && Date.now() - cached.loadedAt < CATALOG_TTL_MS) return;
  const settings = mcpServerSettings();
  const tools = new Map<string, AnyTool>();
  const shapes: string[] = [];
  for (const row of await loadTenantMcpTools(db, tenantId)) {
    const server = { name: row.server.name };
    const call = mcpCaller(row.server, settings);
    const info = { name: row.remoteName, description: row.description, inputSchema: row.inputSchema };
    const built = toolFromMcp(server, info, row.settings, call);
    if (!("tool" in built) || built.tool.name !== row.name) continue;
    shapes.push(`${row.name}\u0000${JSON.stringify(row.inputSchema)}`);
    tools.set(row.name, {
      ...built.tool,
      // A dry run says what would be called, and calls nothing.
      preview: async (args) => previewMcpCall(server, row.remoteName, args),
    });
  }
  // Tools of agents that run elsewhere: declared, validated and decided, never executed here.
  for (const row of await loadDeclaredTools(db, tenantId)) {
    const built = toolFromDeclaration(row);
    if (!("tool" in built) || tools.has(row.name)) continue;
    const resource = row.resourceType ? `${row.resourceType}:${row.resourceArg}` : "";
    shapes.push(`${row.name}\u0000${JSON.stringify(row.inputSchema)}\u0000${resource}`);
    tools.set(row.name, built.tool);
  }
  // What policy sees of the catalog (names and arguments) changed: compiled policies are stale.
  const signature = shapes.sort().join("\u0001");
  const version = cached?.signature === signature ? cached.version : ++versions;
  catalogs.set(tenantId, { loadedAt: Date.now(), tools, signature, version });
}

/** One of the tenant's own tools, if loadTenantTools read it. */
export function tenantTool(tenantId: string, name: string): AnyTool | undefined {
  return catalogs.get(tenantId)?.tools.get(name);
}

/** Every tool of the tenant's own that loadTenantTools read. */
export function tenantToolList(tenantId: string): AnyTool[] {
  return [...(catalogs.get(tenantId)?.tools.values() ?? [])];
}

/**
 * The catalog policies of the tenant are written against: the built-in tools and its own, with a
 * version that changes whenever its tools' names or arguments do (0 before it was ever loaded).
 */
export function tenantCatalog(tenantId: string): { tools: AnyTool[]; version: number } {
  const own = catalogs.get(tenantId);
  return { tools: [...builtInTools, ...(own?.tools.values() ?? [])], version: own?.version ?? 0 };
}

/** Forgets a tenant's catalog, so the next load reads it again (after a change to it). */
export function forgetTenantTools(tenantId: string): void {
  catalogs.delete(tenantId);
}

/** The tenant's catalog, read fresh enough (see loadTenantTools). */
export async function loadTenantCatalog(
  db: DbOrTx,
  tenantId: string,
): Promise<{ tools: AnyTool[]; version: number }> {
  await loadTenantTools(db, tenantId);
  return tenantCatalog(tenantId);
}

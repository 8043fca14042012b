import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import { type DeclaredTool, type McpToolRecord, mcpServers, mcpTools } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { builtInTool, builtInTools } from "@/lib/tools/built-in-tools";
import { loadDeclaredTools, toolFromDeclaration } from "@/lib/tools/declared-tool";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";
import type { AnyTool, RiskClass } from "@/lib/tools/types";
import { type McpToolSettingsInput, mcpToolSettingsSchema } from "./schemas";

/** A tool the tenant can give an agent, as the catalog shows it. */
export type CatalogTool = {
  /** What agents call it by; null for an MCP tool that has no name of its own (see `problem`). */
  name: string | null;
  source: "built-in" | "mcp" | "declared";
  description: string;
  /** A built-in tool's risk when it does not depend on the call's arguments (else null); an MCP tool's setting. */
  risk: RiskClass | null;
  idempotent: boolean;
  timeoutMs: number;
  /** Why it cannot be offered to agents; null when it can. */
  problem: string | null;
  /** Its input as JSON Schema: what a model is shown. */
  inputSchema: Record<string, unknown>;
  /** Declared tools only: the Cedar resource a call acts on, and the argument that names it. */
  resource?: { type: string; arg: string };
  /** MCP tools only: the server, and the tool's name there. */
  server?: string;
  serverId?: string;
  remoteName?: string;
  updatedAt?: Date;
};

let builtIns: CatalogTool[] | undefined;

function builtInEntry(tool: AnyTool): CatalogTool {
  let risk: RiskClass | null = null;
  try {
    // A tool whose risk depends on the call (http_request: a read for GET) may refuse empty arguments.
    risk = tool.risk({});
  } catch {}
  let inputSchema: Record<string, unknown> = {};
  try {
    inputSchema = z.toJSONSchema(tool.input, { io: "input" }) as Record<string, unknown>;
  } catch {}
  return {
    name: tool.name,
    source: "built-in",
    description: tool.description,
    risk,
    idempotent: tool.idempotent,
    timeoutMs: tool.timeoutMs,
    problem: null,
    inputSchema,
  };
}

const mcpEntry = (tool: McpToolRecord, server: string): CatalogTool => ({
  name: tool.name,
  source: "mcp",
  description: tool.description,
  risk: tool.risk,
  idempotent: tool.idempotent,
  timeoutMs: tool.timeoutMs,
  problem: tool.problem,
  inputSchema: tool.inputSchema,
  server,
  serverId: tool.serverId,
  remoteName: tool.remoteName,
  updatedAt: tool.updatedAt,
});

/** A tool of an agent that runs elsewhere: in the catalog for policy and the gate, never executed here. */
function declaredEntry(row: DeclaredTool): CatalogTool {
  const built = toolFromDeclaration(row);
  return {
    name: row.name,
    source: "declared",
    description: row.description,
    risk: row.risk,
    idempotent: row.idempotent,
    timeoutMs: "tool" in built ? built.tool.timeoutMs : 0,
    problem: "problem" in built ? built.problem : null,
    inputSchema: row.inputSchema,
    ...(row.resourceType ? { resource: { type: row.resourceType, arg: row.resourceArg ?? "" } } : {}),
    updatedAt: row.updatedAt,
  };
}

/**
 * Every tool the tenant can give an agent: the deployment's built-in tools, then the tenant's MCP
 * tools by server and name (those with a problem too, so an admin sees why they are not offered),
 * then the tools it declared for agents that run elsewhere.
 */
export async function listCatalog(db: DbOrTx, actor: Actor): Promise<CatalogTool[]> {
  assertScope(actor, "agents:read");
  builtIns ??= builtInTools.map(builtInEntry);
  const rows = await db
    .select({ tool: mcpTools, server: mcpServers.name })
    .from(mcpTools)
    .innerJoin(mcpServers, eq(mcpServers.id, mcpTools.serverId))
    .where(eq(mcpTools.tenantId, actor.tenantId))
    .orderBy(asc(mcpServers.name), asc(mcpTools.remoteName));
  const declared = await loadDeclaredTools(db, actor.tenantId);
  return [...builtIns, ...rows.map((row) => mcpEntry(row.tool, row.server)), ...declared.map(declaredEntry)];
}

const toolNotFound = (name: string) =>
  builtInTool(name)
    ? new AppError(
        "invalid_input",
        `${name} is a built-in tool: its settings are declared in its code, not here.`,
      )
    : new AppError("not_found", "No MCP tool with that name in this tenant.");

/**
 * Sets how the tenant treats one of its MCP tools: its risk (what policy sees; without a setting a
 * tool is a write), whether it is idempotent (then retried), its time-out. Audited with from and to.
 */
export async function updateMcpToolSettings(
  db: Db,
  actor: Actor,
  toolName: string,
  input: McpToolSettingsInput,
): Promise<{ tool: CatalogTool; changed: string[] }> {
  assertScope(actor, "tools:manage");
  const settings = mcpToolSettingsSchema.parse(input);
  const result = await db.transaction(async (tx) => {
    const [found] = await tx
      .select({ tool: mcpTools, server: mcpServers.name })
      .from(mcpTools)
      .innerJoin(mcpServers, eq(mcpServers.id, mcpTools.serverId))
      .where(and(eq(mcpTools.tenantId, actor.tenantId), eq(mcpTools.name, toolName)))
      .for("update", { of: mcpTools });
    if (!found) throw toolNotFound(toolName);
    const { tool } = found;
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of ["risk", "idempotent", "timeoutMs"] as const)
      if (settings[key] !== undefined && settings[key] !== tool[key])
        changes[key] = { from: tool[key], to: settings[key] };
    const changed = Object.keys(changes);
    if (changed.length === 0) return { tool: mcpEntry(tool, found.server), changed };
    const [updated] = await tx
      .update(mcpTools)
      .set({ ...settings, updatedAt: new Date() })
      .where(and(eq(mcpTools.serverId, tool.serverId), eq(mcpTools.remoteName, tool.remoteName)))
      .returning();
    if (!updated) throw toolNotFound(toolName);
    await recordAudit(tx, actor, {
      action: "mcp_tool.settings_changed",
      targetType: "mcp_tool",
      targetId: toolName,
      details: { tool: toolName, server: found.server, remoteName: tool.remoteName, changes },
    });
    return { tool: mcpEntry(updated, found.server), changed };
  });
  // This process reads the catalog at once; the others within its time to live.
  forgetTenantTools(actor.tenantId);
  return result;
}

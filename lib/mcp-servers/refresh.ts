import { and, eq, isNotNull, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type McpServerRow, mcpServers, mcpTools } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { hasUnstorableText, unstorableTextAt } from "@/lib/http/unstorable-text";
import { builtInTools } from "@/lib/tools/built-in-tools";
import { openMcpConnection } from "@/lib/tools/mcp/connection";
import { McpRequestError, McpUnavailableError } from "@/lib/tools/mcp/errors";
import { MAX_DESCRIPTION_CHARS, type McpToolSettings, toolFromMcp } from "@/lib/tools/mcp/mcp-tool";
import { SealedHeadersError } from "@/lib/tools/mcp/sealed-headers";
import { describeServer, type McpServerConfig } from "@/lib/tools/mcp/server-config";
import { mcpServerSettings } from "@/lib/tools/mcp/settings";
import { configOf } from "@/lib/tools/mcp/stored-server";
import type { McpToolInfo } from "@/lib/tools/mcp/tool-list";
import { mcpToolName } from "@/lib/tools/mcp/tool-name";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";
import { findServer, serverNotFound, withoutSecrets } from "./server-record";

/** What a refresh found: how many tools the server listed, and each one that cannot be offered. */
export type RefreshSummary = {
  tools: number;
  problems: string[];
  /** Why the server could not be listed (its tools stay as they were); null when it was. */
  lastError: string | null;
  refreshedAt: Date;
};

/** A tool without settings of the admin's: a write (the default policy asks a person), run once. */
export const DEFAULT_MCP_TOOL_SETTINGS: McpToolSettings = {
  risk: "write",
  idempotent: false,
  timeoutMs: 30_000,
};

// Longer names are not stored (a server's name for a tool is at most 128 characters in the spec).
const MAX_REMOTE_NAME_CHARS = 512;
// The most of each list an audit entry carries.
const AUDIT_LIST_MAX = 50;

/** One tool as the catalog keeps it. */
export type PlannedTool = {
  remoteName: string;
  /** Its catalog name, or null when it has none of its own (see `problem`). */
  name: string | null;
  description: string;
  inputSchema: Record<string, unknown>;
  problem: string | null;
};

export type CatalogContext = {
  /** The catalog names this server's tools hold now, by remote name: a holder keeps its name. */
  holders: ReadonlyMap<string, string | null>;
  /** Names the tenant's other servers' tools hold. */
  takenElsewhere: ReadonlySet<string>;
  /** The deployment's built-in tools' names. */
  builtIn: ReadonlySet<string>;
};

const neverCalled = () => Promise.reject(new Error("A catalog entry is never called."));

const storableText = (text: string) => text.replaceAll("\0", "").toWellFormed();

/**
 * The catalog entries for what a server listed, and every problem found: a tool whose name or
 * schema cannot be used is kept with its problem; a name another tool already holds (a built-in
 * tool, another server's tool, an earlier tool of the same listing) is a problem, never an
 * overwrite. A tool that held a name before keeps it. Tools listed twice, or whose names cannot be
 * stored, are reported and left out.
 */
export function planCatalog(
  server: { name: string },
  listed: McpToolInfo[],
  context: CatalogContext,
): { tools: PlannedTool[]; problems: string[] } {
  // Each with the listing position it concerns, so they are reported in the server's order.
  const skipped: [number, string][] = [];
  const seen = new Set<string>();
  const candidates: (PlannedTool & { order: number })[] = [];
  for (const [order, info] of listed.entries()) {
    if (info.name.length > MAX_REMOTE_NAME_CHARS || hasUnstorableText(info.name)) {
      skipped.push([
        order,
        `A tool of ${server.name} was left out: its name is longer than ${MAX_REMOTE_NAME_CHARS} characters or holds characters that cannot be stored.`,
      ]);
      continue;
    }
    const label = info.name
      ? `The tool "${info.name}" of ${server.name}`
      : `A tool of ${server.name} without a name`;
    if (seen.has(info.name)) {
      skipped.push([order, `${label} is listed more than once: only the first is kept.`]);
      continue;
    }
    seen.add(info.name);
    const outcome = toolFromMcp(server, info, DEFAULT_MCP_TOOL_SETTINGS, neverCalled);
    let problem = "problem" in outcome ? outcome.problem : null;
    // Only a schema Flightdeck can use is kept (a refused one may be too large or too deep to store).
    let inputSchema = "tool" in outcome ? outcome.tool.jsonSchema : {};
    if (unstorableTextAt(inputSchema)) {
      inputSchema = {};
      problem ??= `${label} cannot be offered: its input schema holds text that cannot be stored (a NUL character or broken Unicode).`;
    }
    const description =
      "tool" in outcome ? outcome.tool.description : info.description.slice(0, MAX_DESCRIPTION_CHARS);
    candidates.push({
      order,
      remoteName: info.name,
      name: mcpToolName(server.name, info.name),
      description: storableText(description),
      inputSchema,
      // A problem may quote the schema (a keyword zod refused), which may hold unstorable text.
      problem: problem === null ? null : storableText(problem),
    });
  }

  // Tools that can be offered claim names first; then a tool that holds its name keeps it; the
  // others claim names in the order the server lists them.
  const rank = (tool: PlannedTool) =>
    (tool.problem === null ? 0 : 2) + (context.holders.get(tool.remoteName) === tool.name ? 0 : 1);
  const claimed = new Map<string, string>();
  for (const tool of [...candidates].sort((a, b) => rank(a) - rank(b) || a.order - b.order)) {
    if (tool.name === null) continue;
    const label = `The tool "${tool.remoteName}" of ${server.name}`;
    const holder = claimed.get(tool.name);
    const clash = context.builtIn.has(tool.name)
      ? `its name ${tool.name} is a built-in tool's`
      : context.takenElsewhere.has(tool.name)
        ? `its name ${tool.name} is taken by a tool of another MCP server of this tenant`
        : holder !== undefined
          ? `its name ${tool.name} is taken by the tool "${holder}" of the same server`
          : null;
    if (clash) {
      tool.problem ??= `${label} cannot be offered: ${clash}.`;
      tool.name = null;
    } else claimed.set(tool.name, tool.remoteName);
  }

  candidates.sort((a, b) => a.order - b.order);
  const problems = [
    ...skipped,
    ...candidates.flatMap((tool): [number, string][] => (tool.problem ? [[tool.order, tool.problem]] : [])),
  ]
    .sort(([a], [b]) => a - b)
    .map(([, problem]) => problem);
  return { tools: candidates.map(({ order: _, ...tool }) => tool), problems };
}

/**
 * Lists the server's tools again and brings its catalog entries up to date: new tools are added
 * (a write, run once, until the admin says otherwise), tools the server no longer lists are
 * removed, and the admin's settings of the others are kept. A server that cannot be listed keeps
 * its tools; `lastError` says why (readable, without secrets).
 */
export async function refreshMcpTools(db: Db, actor: Actor, serverId: string): Promise<RefreshSummary> {
  assertScope(actor, "tools:manage");
  return refreshServer(db, actor, await findServer(db, actor, serverId));
}

/** The refresh itself, for a server of the actor's tenant the caller has already found. */
export async function refreshServer(db: Db, actor: Actor, server: McpServerRow): Promise<RefreshSummary> {
  const listing = await listServerTools(server);
  const result = await db.transaction(async (tx) => {
    // One refresh at a time per tenant: catalog names are unique across the tenant's servers.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`mcp_tools:${actor.tenantId}`}, 0))`,
    );
    const [current] = await tx
      .select({ id: mcpServers.id })
      .from(mcpServers)
      .where(and(eq(mcpServers.id, server.id), eq(mcpServers.tenantId, actor.tenantId)))
      .for("update");
    // Deleted while its tools were being listed.
    if (!current) throw serverNotFound();
    const refreshedAt = new Date();
    const existing = await tx
      .select({ remoteName: mcpTools.remoteName, name: mcpTools.name })
      .from(mcpTools)
      .where(eq(mcpTools.serverId, server.id));

    if ("error" in listing) {
      await tx
        .update(mcpServers)
        .set({ lastError: listing.error, refreshedAt })
        .where(eq(mcpServers.id, server.id));
      await recordAudit(tx, actor, {
        action: "mcp_server.refreshed",
        targetType: "mcp_server",
        targetId: server.id,
        details: { server: server.name, error: listing.error, tools: existing.length },
      });
      return { tools: existing.length, problems: [], lastError: listing.error, refreshedAt };
    }

    const elsewhere = await tx
      .select({ name: mcpTools.name })
      .from(mcpTools)
      .where(
        and(
          eq(mcpTools.tenantId, actor.tenantId),
          ne(mcpTools.serverId, server.id),
          isNotNull(mcpTools.name),
        ),
      );
    const { tools, problems } = planCatalog(server, listing.tools, {
      holders: new Map(existing.map((t) => [t.remoteName, t.name])),
      takenElsewhere: new Set(elsewhere.flatMap((t) => (t.name ? [t.name] : []))),
      builtIn: new Set(builtInTools.map((t) => t.name)),
    });

    const kept = tools.map((t) => t.remoteName);
    await tx
      .delete(mcpTools)
      .where(
        and(
          eq(mcpTools.serverId, server.id),
          kept.length > 0 ? notInArray(mcpTools.remoteName, kept) : undefined,
        ),
      );
    // Names move between this server's tools only through null: the unique index holds per statement.
    await tx.update(mcpTools).set({ name: null }).where(eq(mcpTools.serverId, server.id));
    if (tools.length > 0)
      await tx
        .insert(mcpTools)
        .values(
          tools.map((tool) => ({
            ...tool,
            tenantId: actor.tenantId,
            serverId: server.id,
            updatedAt: refreshedAt,
          })),
        )
        .onConflictDoUpdate({
          target: [mcpTools.serverId, mcpTools.remoteName],
          set: {
            name: sql`excluded.name`,
            description: sql`excluded.description`,
            inputSchema: sql`excluded.input_schema`,
            problem: sql`excluded.problem`,
            updatedAt: refreshedAt,
          },
        });
    await tx.update(mcpServers).set({ lastError: null, refreshedAt }).where(eq(mcpServers.id, server.id));

    const before = new Set(existing.map((t) => t.remoteName));
    const listed = new Set(kept);
    await recordAudit(tx, actor, {
      action: "mcp_server.refreshed",
      targetType: "mcp_server",
      targetId: server.id,
      details: {
        server: server.name,
        tools: tools.length,
        added: kept.filter((name) => !before.has(name)).slice(0, AUDIT_LIST_MAX),
        removed: [...before].filter((name) => !listed.has(name)).slice(0, AUDIT_LIST_MAX),
        problems: problems.length,
      },
    });
    return { tools: tools.length, problems, lastError: null, refreshedAt };
  });
  // This process reads the catalog at once; the others within its time to live.
  forgetTenantTools(actor.tenantId);
  return result;
}

/** The server's tools, or why they could not be listed (a message that holds no secret). */
async function listServerTools(server: McpServerRow): Promise<{ tools: McpToolInfo[] } | { error: string }> {
  let config: McpServerConfig;
  try {
    config = configOf(server);
  } catch (error) {
    if (error instanceof SealedHeadersError)
      return { error: `The headers of ${server.name}: ${error.message}` };
    throw error;
  }
  const secrets = [
    ...(config.transport === "http" ? Object.values(config.headers ?? {}) : (config.args ?? [])),
  ];
  const settings = mcpServerSettings();
  try {
    const connection = await openMcpConnection(config, {
      allowPrivateAddresses: settings.allowPrivateAddresses,
      stdioAllowList: settings.stdioAllowList,
      connectTimeoutMs: settings.connectTimeoutMs,
    });
    try {
      return { tools: await connection.listTools() };
    } finally {
      await connection.close();
    }
  } catch (error) {
    const message =
      error instanceof McpUnavailableError || error instanceof McpRequestError
        ? error.message
        : `Listing the tools of ${describeServer(config)} failed: ${error instanceof Error ? error.message : String(error)}`;
    return { error: withoutSecrets(storableText(message), secrets).slice(0, 2_000) };
  }
}

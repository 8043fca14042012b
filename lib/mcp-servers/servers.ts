import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { agents, mcpServers, mcpTools } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { isPrivateHost } from "@/lib/net/public-address";
import { sealHeaders } from "@/lib/tools/mcp/sealed-headers";
import { mcpServerSettings } from "@/lib/tools/mcp/settings";
import { headersContext } from "@/lib/tools/mcp/stored-server";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";
import { type RefreshSummary, refreshServer } from "./refresh";
import { type RegisterMcpServerInput, registerMcpServerSchema } from "./schemas";
import { findServer, type McpServerView, serverViews, whereOf } from "./server-record";

/**
 * Registers one of the tenant's MCP servers and lists its tools into the catalog. The server is
 * kept even when it cannot be reached: `lastError` says why, and the admin can fix it and refresh.
 * Header values are sealed at rest and never shown or recorded again (the audit log names them).
 */
export async function registerMcpServer(
  db: Db,
  actor: Actor,
  input: RegisterMcpServerInput,
): Promise<{ server: McpServerView; refresh: RefreshSummary }> {
  assertScope(actor, "tools:manage");
  const config = registerMcpServerSchema.parse(input);
  const settings = mcpServerSettings();
  if (config.transport === "stdio") {
    if (settings.stdioAllowList.length === 0)
      throw new AppError(
        "invalid_input",
        "command: this Flightdeck runs no stdio MCP servers (its allow-list, FLIGHTDECK_MCP_STDIO, is empty): register an http server.",
        { field: "command" },
      );
    if (!settings.stdioAllowList.includes(config.command))
      throw new AppError(
        "invalid_input",
        `command: "${config.command}" is not on this Flightdeck's allow-list of MCP server commands (FLIGHTDECK_MCP_STDIO): use one of ${settings.stdioAllowList.map((c) => `"${c}"`).join(", ")}.`,
        { field: "command" },
      );
  } else {
    const host = new URL(config.url).hostname.replace(/^\[(.*)\]$/, "$1");
    if (!settings.allowPrivateAddresses && isPrivateHost(host))
      throw new AppError(
        "invalid_input",
        `url: ${host} is a private address (this host or a local network), which MCP servers may not use on this Flightdeck.`,
        { field: "url" },
      );
  }
  const headerNames = config.transport === "http" ? Object.keys(config.headers ?? {}) : [];
  const sealedHeaders =
    config.transport === "http" && headerNames.length > 0
      ? sealHeaders(config.headers ?? {}, headersContext(actor.tenantId))
      : null;

  const server = await db.transaction(async (tx) => {
    const [taken] = await tx
      .select({ id: mcpServers.id })
      .from(mcpServers)
      .where(and(eq(mcpServers.tenantId, actor.tenantId), eq(mcpServers.name, config.name)));
    if (taken) throw nameTaken(config.name);
    const [row] = await tx
      .insert(mcpServers)
      .values({
        tenantId: actor.tenantId,
        name: config.name,
        transport: config.transport,
        url: config.transport === "http" ? config.url : null,
        sealedHeaders,
        command: config.transport === "stdio" ? config.command : null,
        args: config.transport === "stdio" ? (config.args ?? []) : [],
        createdBy: actor.label,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw nameTaken(config.name);
    await recordAudit(tx, actor, {
      action: "mcp_server.registered",
      targetType: "mcp_server",
      targetId: row.id,
      details: {
        server: row.name,
        transport: row.transport,
        // Never the URL's query, the arguments or the header values: they may hold credentials.
        at: whereOf(row),
        headerNames,
        args: row.args.length,
      },
    });
    return row;
  });

  const refresh = await refreshServer(db, actor, server);
  const [view] = await serverViews(db, [await findServer(db, actor, server.id)]);
  if (!view) throw new Error("The registered server was not found.");
  return { server: view, refresh };
}

const nameTaken = (name: string) =>
  new AppError("conflict", `name: an MCP server named ${name} is already registered in this tenant.`, {
    field: "name",
  });

/** The tenant's MCP servers by name, with their header names (never values) and tool counts. */
export async function listMcpServers(db: DbOrTx, actor: Actor): Promise<McpServerView[]> {
  assertScope(actor, "tools:manage");
  const rows = await db
    .select()
    .from(mcpServers)
    .where(eq(mcpServers.tenantId, actor.tenantId))
    .orderBy(asc(mcpServers.name));
  return serverViews(db, rows);
}

/** One of the tenant's servers as the API shows it; another tenant's is a 404. */
export async function getMcpServer(db: DbOrTx, actor: Actor, id: string): Promise<McpServerView> {
  assertScope(actor, "tools:manage");
  const [view] = await serverViews(db, [await findServer(db, actor, id)]);
  if (!view) throw new Error("The server was not found.");
  return view;
}

/**
 * Removes a server and its tools from the catalog. Agents that name its tools keep the names (the
 * agent pages mark them as no registered tool); `usedBy` lists those agents.
 */
export async function deleteMcpServer(
  db: Db,
  actor: Actor,
  id: string,
): Promise<McpServerView & { usedBy: string[] }> {
  assertScope(actor, "tools:manage");
  const result = await db.transaction(async (tx) => {
    const server = await findServer(tx, actor, id);
    const [view] = await serverViews(tx, [server]);
    if (!view) throw new Error("The server was not found.");
    const names = (
      await tx
        .select({ name: mcpTools.name })
        .from(mcpTools)
        .where(and(eq(mcpTools.serverId, server.id), isNotNull(mcpTools.name)))
    ).flatMap((t) => (t.name ? [t.name] : []));
    const usedBy =
      names.length === 0
        ? []
        : (
            await tx
              .select({ name: agents.name })
              .from(agents)
              .where(
                and(
                  eq(agents.tenantId, actor.tenantId),
                  sql`${agents.tools} ?| array[${sql.join(
                    names.map((name) => sql`${name}`),
                    sql`, `,
                  )}]::text[]`,
                ),
              )
              .orderBy(asc(agents.name))
          ).map((a) => a.name);
    await tx
      .delete(mcpServers)
      .where(and(eq(mcpServers.id, server.id), eq(mcpServers.tenantId, actor.tenantId)));
    await recordAudit(tx, actor, {
      action: "mcp_server.deleted",
      targetType: "mcp_server",
      targetId: server.id,
      details: {
        server: server.name,
        transport: server.transport,
        at: whereOf(server),
        tools: view.tools,
        usedBy,
      },
    });
    return { ...view, usedBy };
  });
  // This process reads the catalog at once; the others within its time to live.
  forgetTenantTools(actor.tenantId);
  return result;
}

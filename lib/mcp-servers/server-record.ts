import { count, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { type McpServerRow, mcpServers, mcpTools } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { getTenantRow } from "@/lib/tenant-row";
import { headersOf } from "@/lib/tools/mcp/stored-server";

/** A server as the API shows it: header names only, never their values. */
export type McpServerView = {
  id: string;
  name: string;
  transport: "http" | "stdio";
  url: string | null;
  /** The names of its configured headers; null when they cannot be opened (see lastError). */
  headerNames: string[] | null;
  command: string | null;
  args: string[];
  lastError: string | null;
  refreshedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  /** Tools it listed at its last successful refresh, and how many of them cannot be offered. */
  tools: number;
  problems: number;
};

export const serverNotFound = () => new AppError("not_found", "No MCP server with that id in this tenant.");

/** A malformed id names no server, so it reads as "not here" rather than as bad input. */
export function parseServerId(id: string): string {
  const parsed = z.uuid().safeParse(id);
  if (!parsed.success) throw serverNotFound();
  return parsed.data;
}

/** The actor's tenant's server, or 404: another tenant's id is never found. */
export async function findServer(db: DbOrTx, actor: Actor, id: string): Promise<McpServerRow> {
  return getTenantRow(db, mcpServers, actor.tenantId, id, serverNotFound().message);
}

/**
 * What the audit log says about where a server is: the URL without its query or fragment (which may
 * hold keys), or the command without its arguments (which may hold tokens).
 */
export function whereOf(server: Pick<McpServerRow, "transport" | "url" | "command">): string {
  if (server.transport === "stdio") return server.command ?? "";
  try {
    const url = new URL(server.url ?? "");
    return `${url.origin}${url.pathname}`;
  } catch {
    return "";
  }
}

/** Text with every secret (a header value, an argument) hidden, for messages that are kept or shown. */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is hidden whole. Very short values (a "1")
  // would hide ordinary words and reveal little.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    if (secret.length >= 4) out = out.split(secret).join("[hidden]");
  return out;
}

function headerNamesOf(server: McpServerRow): string[] | null {
  try {
    return Object.keys(headersOf(server));
  } catch {
    return null;
  }
}

/** The servers as the API shows them, with their tool counts. */
export async function serverViews(db: DbOrTx, servers: McpServerRow[]): Promise<McpServerView[]> {
  const ids = servers.map((s) => s.id);
  const counts =
    ids.length === 0
      ? []
      : await db
          .select({ serverId: mcpTools.serverId, tools: count(), problems: count(mcpTools.problem) })
          .from(mcpTools)
          .where(inArray(mcpTools.serverId, ids))
          .groupBy(mcpTools.serverId);
  const byServer = new Map(counts.map((c) => [c.serverId, c]));
  return servers.map((server) => ({
    id: server.id,
    name: server.name,
    transport: server.transport,
    url: server.url,
    headerNames: headerNamesOf(server),
    command: server.command,
    args: server.args,
    lastError: server.lastError,
    refreshedAt: server.refreshedAt,
    createdBy: server.createdBy,
    createdAt: server.createdAt,
    tools: byServer.get(server.id)?.tools ?? 0,
    problems: byServer.get(server.id)?.problems ?? 0,
  }));
}

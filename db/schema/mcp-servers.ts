import {
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * A tenant's own MCP server, registered by its admin (lib/mcp-servers). Its tools are kept in
 * mcp_tools, refreshed from the server on registration and on demand.
 */
export const mcpServers = pgTable(
  "mcp_servers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** The first part of its tools' names (`<server>__<tool>`): see mcpServerNameSchema. */
    name: text("name").notNull(),
    transport: text("transport", { enum: ["http", "stdio"] }).notNull(),
    /** The Streamable HTTP endpoint; null for stdio. */
    url: text("url"),
    /** The HTTP headers (credentials) as JSON, sealed with the deployment's secret: never shown. */
    sealedHeaders: text("sealed_headers"),
    /** The stdio command (one of the deployment's allow-list); null for http. */
    command: text("command"),
    args: jsonb("args").$type<string[]>().notNull().default([]),
    /** Why the last refresh failed (readable, without secrets); null after a successful one. */
    lastError: text("last_error"),
    refreshedAt: timestamp("refreshed_at", { withTimezone: true }),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("mcp_servers_tenant_name_key").on(t.tenantId, t.name)],
);

export type McpServerRow = typeof mcpServers.$inferSelect;

/**
 * The tools an MCP server listed at its last refresh, with the admin's settings for each. Without a
 * setting a tool is a write (the default policy sends writes to approval).
 */
export const mcpTools = pgTable(
  "mcp_tools",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    serverId: uuid("server_id")
      .notNull()
      .references(() => mcpServers.id, { onDelete: "cascade" }),
    /** The tool's name on its server. */
    remoteName: text("remote_name").notNull(),
    /**
     * The name agents call it by (`<server>__<tool>`, see mcpToolName), unique in the tenant. Null
     * when it has none of its own: its name cannot be made safe, or another tool holds it (`problem` says).
     */
    name: text("name"),
    description: text("description").notNull().default(""),
    /** The server's JSON Schema for the tool's input. */
    inputSchema: jsonb("input_schema").$type<Record<string, unknown>>().notNull().default({}),
    /** Why the tool cannot be offered to agents; null when it can. */
    problem: text("problem"),
    risk: text("risk", { enum: ["read", "write", "irreversible"] })
      .notNull()
      .default("write"),
    idempotent: boolean("idempotent").notNull().default(false),
    timeoutMs: integer("timeout_ms").notNull().default(30_000),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.serverId, t.remoteName] }),
    // Also serves lookups by tenant (tools without a name are kept under null, which stays distinct).
    uniqueIndex("mcp_tools_tenant_name_key").on(t.tenantId, t.name),
  ],
);

export type McpToolRecord = typeof mcpTools.$inferSelect;

import { z } from "zod";
import { timestamp } from "@/lib/http/json-shapes";
import type { RefreshSummary } from "@/lib/mcp-servers/refresh";
import type { McpServerView } from "@/lib/mcp-servers/server-record";

export const mcpServerJson = z.object({
  id: z.string(),
  name: z.string(),
  transport: z.string(),
  url: z.string().nullable(),
  header_names: z.array(z.string()).nullable(),
  command: z.string().nullable(),
  args: z.array(z.string()),
  last_error: z.string().nullable(),
  refreshed_at: timestamp.nullable(),
  created_by: z.string(),
  created_at: timestamp,
  tools: z.number(),
  problems: z.number(),
});

/** The API's view of an MCP server: header names only, never their values. */
export const toMcpServerJson = (s: McpServerView): z.input<typeof mcpServerJson> => ({
  id: s.id,
  name: s.name,
  transport: s.transport,
  url: s.url,
  header_names: s.headerNames,
  command: s.command,
  args: s.args,
  last_error: s.lastError,
  refreshed_at: s.refreshedAt,
  created_by: s.createdBy,
  created_at: s.createdAt,
  tools: s.tools,
  problems: s.problems,
});

export const refreshJson = z.object({
  tools: z.number(),
  problems: z.array(z.string()),
  last_error: z.string().nullable(),
  refreshed_at: timestamp,
});

/** What listing a server's tools found. */
export const toRefreshJson = (r: RefreshSummary): z.input<typeof refreshJson> => ({
  tools: r.tools,
  problems: r.problems,
  last_error: r.lastError,
  refreshed_at: r.refreshedAt,
});

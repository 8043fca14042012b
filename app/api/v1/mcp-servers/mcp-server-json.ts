import type { RefreshSummary } from "@/lib/mcp-servers/refresh";
import type { McpServerView } from "@/lib/mcp-servers/server-record";

/** The API's view of an MCP server: header names only, never their values. */
export const toMcpServerJson = (s: McpServerView) => ({
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

/** What listing a server's tools found. */
export const toRefreshJson = (r: RefreshSummary) => ({
  tools: r.tools,
  problems: r.problems,
  last_error: r.lastError,
  refreshed_at: r.refreshedAt,
});

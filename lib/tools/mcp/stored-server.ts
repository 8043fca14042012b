import type { McpServerRow } from "@/db/schema";
import { type McpHeaders, openHeaders } from "./sealed-headers";
import type { McpServerConfig } from "./server-config";

/** Sealed headers are bound to their tenant: copied into another tenant's row, they do not open. */
export const headersContext = (tenantId: string) => `mcp_servers:${tenantId}`;

/** The stored headers, opened (throws SealedHeadersError). */
export function headersOf(server: McpServerRow): McpHeaders {
  return server.sealedHeaders ? openHeaders(server.sealedHeaders, headersContext(server.tenantId)) : {};
}

/** How the MCP client reaches the server (headers opened: never log or show it). */
export function configOf(server: McpServerRow): McpServerConfig {
  if (server.transport === "stdio")
    return { transport: "stdio", command: server.command ?? "", args: server.args };
  const headers = headersOf(server);
  return {
    transport: "http",
    url: server.url ?? "",
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { ListToolsRequestSchema, type ListToolsResult } from "@modelcontextprotocol/sdk/types.js";

const PAGE_SIZE = 2;

// Five tools over three pages, one of which no model can call (its input is a bare string): the
// SDK's own listTools would reject the whole page because of it.
const TOOLS = [
  { name: "alpha", description: "First.", inputSchema: { type: "object", properties: {} } },
  { name: "beta", description: "Second.", inputSchema: { type: "object", properties: {} } },
  { name: "gamma", description: "Third.", inputSchema: { type: "object", properties: {} } },
  { name: "text_only", description: "Takes a bare string.", inputSchema: { type: "string" } },
  { name: "delta", description: "Fifth.", inputSchema: { type: "object", properties: {} } },
];

/** A low-level MCP server whose tool list comes in pages, with cursors. */
export function pagedMcpServer(): Server {
  const server = new Server({ name: "paged", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const start = Number(request.params?.cursor ?? 0);
    const next = start + PAGE_SIZE;
    return {
      tools: TOOLS.slice(start, next),
      ...(next < TOOLS.length ? { nextCursor: String(next) } : {}),
    } as unknown as ListToolsResult;
  });
  return server;
}

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Server as LowLevelServer } from "@modelcontextprotocol/sdk/server/index.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";

export type RunningHttpServer = { url: string; port: number; close: () => Promise<void> };

/**
 * A stateless Streamable HTTP MCP server on 127.0.0.1 and a free port, as the SDK's examples run
 * one: a fresh server and transport per POST; GET and DELETE are not offered (405).
 */
export async function startHttpMcpServer(
  build: () => McpServer | LowLevelServer,
  path = "/mcp",
): Promise<RunningHttpServer> {
  const http: Server = createServer(async (req, res) => {
    if (req.url !== path) return void res.writeHead(404).end("not found");
    if (req.method !== "POST") return void res.writeHead(405).end();
    const server = build();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res);
    } catch {
      if (!res.headersSent) res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

import { hashCanonical } from "@/lib/canonical-json";
import { type McpConnection, type McpConnectionOptions, openMcpConnection } from "./connection";
import { McpUnavailableError } from "./errors";
import type { McpCall } from "./mcp-tool";
import type { McpServerConfig } from "./server-config";

// One connection per server and configuration, shared by every call of this process.
const connections = new Map<string, Promise<McpConnection>>();

/** Reasons after which the connection is unusable: the next call opens a new one. */
const BROKEN = new Set(["closed", "protocol", "timeout", "unreachable", "not_mcp"]);

/**
 * How tools of one server are called: over a connection opened on first use and kept, reopened
 * after it broke. A changed configuration (new URL, headers or command) gets its own connection.
 */
export function mcpCaller(
  server: { id: string; config: McpServerConfig },
  options: McpConnectionOptions,
): McpCall {
  const key = `${server.id}:${hashCanonical(server.config)}`;
  return async (toolName, args, callOptions) => {
    let opened = connections.get(key);
    if (!opened) {
      opened = openMcpConnection(server.config, options);
      connections.set(key, opened);
      opened.catch(() => connections.delete(key));
    }
    const connection = await opened;
    try {
      return await connection.callTool(toolName, args, callOptions);
    } catch (error) {
      if (error instanceof McpUnavailableError && BROKEN.has(error.reason)) {
        connections.delete(key);
        void connection.close().catch(() => {});
      }
      throw error;
    }
  };
}

/** Closes every pooled connection (tests, shutdown). */
export async function closeMcpConnections(): Promise<void> {
  const open = [...connections.values()];
  connections.clear();
  await Promise.all(open.map(async (c) => (await c.catch(() => null))?.close().catch(() => {})));
}

import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { isPrivateHost, PrivateAddressError } from "@/lib/net/public-address";
import { McpUnavailableError } from "./errors";
import { mcpFetch } from "./http-fetch";
import type { McpHttpServerConfig, McpServerConfig, McpStdioServerConfig } from "./server-config";

const STDERR_TAIL_CHARS = 2_000;

export type TransportPolicy = {
  allowPrivateAddresses: boolean;
  /** Commands a stdio server may be started with, compared to the configured command exactly. */
  stdioAllowList: readonly string[];
  /** The most one message (an HTTP response body, a stdio line) may hold. */
  maxMessageBytes: number;
};

export type OpenedTransport = {
  transport: Transport;
  /** The last lines a stdio server wrote to stderr: for the admin, never for a model. */
  stderrTail: () => string;
};

/**
 * The SDK transport for a server, or McpUnavailableError("refused") when policy forbids reaching it.
 * Nothing is connected or started here: Client.connect does that.
 */
export function createTransport(
  config: McpServerConfig,
  server: string,
  policy: TransportPolicy,
  onOversize: () => void,
): OpenedTransport {
  return config.transport === "http"
    ? httpTransport(config, server, policy, onOversize)
    : stdioTransport(config, server, policy);
}

function httpTransport(
  config: McpHttpServerConfig,
  server: string,
  policy: TransportPolicy,
  onOversize: () => void,
): OpenedTransport {
  const url = new URL(config.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  // Decided before connecting for a clear message; names resolving to private addresses are caught
  // by the public-only fetch on connect.
  if (!policy.allowPrivateAddresses && isPrivateHost(host))
    throw new McpUnavailableError(
      `${server} was refused: ${new PrivateAddressError(host).message}`,
      "refused",
    );
  const transport = new StreamableHTTPClientTransport(url, {
    fetch: mcpFetch({
      allowPrivateAddresses: policy.allowPrivateAddresses,
      maxResponseBytes: policy.maxMessageBytes,
      onOversize,
    }),
    requestInit: { headers: config.headers ?? {} },
  });
  return { transport, stderrTail: () => "" };
}

function stdioTransport(
  config: McpStdioServerConfig,
  server: string,
  policy: TransportPolicy,
): OpenedTransport {
  if (!policy.stdioAllowList.includes(config.command))
    throw new McpUnavailableError(
      `${server} is not allowed: only commands on this Flightdeck's allow-list of MCP server commands can be run.`,
      "refused",
    );
  // The SDK spawns without a shell and passes the child only a short list of safe variables (PATH,
  // HOME, …), so none of Flightdeck's own secrets reach it.
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args ?? [],
    stderr: "pipe",
    maxBufferSize: policy.maxMessageBytes,
  });
  // A piped stderr nobody reads fills up and blocks the server, so it is always drained.
  let tail = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    tail = (tail + chunk.toString("utf8")).slice(-STDERR_TAIL_CHARS);
  });
  return { transport, stderrTail: () => tail.trim() };
}

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type CallToolResult, ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import { McpRequestError, McpUnavailableError } from "./errors";
import { type ClosedBy, describeFailure, type FailureContext } from "./failure";
import { describeServer, type McpServerConfig, mcpServerConfigSchema } from "./server-config";
import { MAX_TOOL_PAGES, MAX_TOOLS, type McpToolInfo, toolPageSchema, toToolInfo } from "./tool-list";
import { createTransport } from "./transports";

/** The most one message from a server may hold (an HTTP response body, a stdio line). */
export const MCP_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const CLIENT_INFO = { name: "flightdeck", version: "1.0.0" };
// Ending a stateful HTTP session is a courtesy to the server: closing never waits on it for long.
const SESSION_END_GRACE_MS = 1_000;
// The SDK gives a stdio server 2 s to exit on its own, then 2 s after SIGTERM, then kills it.
const STOP_WAIT_MS = 5_000;

export type McpConnectionOptions = {
  allowPrivateAddresses: boolean;
  /** Commands a stdio server may be started with, compared to the configured command exactly. */
  stdioAllowList: readonly string[];
  /** The handshake's time-out; also the default for listing tools. */
  connectTimeoutMs: number;
  /** The most one message may hold; a larger one closes the connection. MCP_MAX_MESSAGE_BYTES if not given. */
  maxMessageBytes?: number;
};

export type McpCallOptions = { signal?: AbortSignal; timeoutMs: number };
export type McpCallResult = CallToolResult;

export type McpConnection = {
  /** How messages name this server ("The MCP server at https://…"). */
  readonly server: string;
  /** Every tool the server offers, following its page cursors. */
  listTools(options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<McpToolInfo[]>;
  /**
   * Calls a tool. Rejects with the signal's reason when aborted, McpUnavailableError when the server
   * cannot be reached, times out or breaks the protocol, McpRequestError when it answers with a
   * JSON-RPC error. A tool's own failure is a result with `isError`, not a rejection.
   */
  callTool(name: string, args: Record<string, unknown>, options: McpCallOptions): Promise<McpCallResult>;
  /** Ends the session and the connection (a stdio server is stopped). Safe to call twice. */
  close(): Promise<void>;
};

/**
 * Connects to an MCP server and completes the handshake, or throws McpUnavailableError with a
 * readable message naming the server (never a header value). One connection serves concurrent
 * calls: requests are told apart by id.
 */
export async function openMcpConnection(
  config: McpServerConfig,
  options: McpConnectionOptions,
): Promise<McpConnection> {
  const parsed = mcpServerConfigSchema.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => i.message).join(" ");
    throw new McpUnavailableError(`The MCP server's settings are invalid: ${problems}`, "config");
  }
  const settings = parsed.data;
  const server = describeServer(settings);
  const secrets = settings.transport === "http" ? Object.values(settings.headers ?? {}) : [];
  // Why the connection ended, when Flightdeck knows better than "connection closed".
  const state: { closed: boolean; closedBy?: ClosedBy } = { closed: false };

  const client = new Client(CLIENT_INFO, { capabilities: {} });
  const maxMessageBytes = options.maxMessageBytes ?? MCP_MAX_MESSAGE_BYTES;
  const oversize: ClosedBy = {
    message: `${server} sent a message larger than ${maxMessageBytes} bytes, so the connection was closed.`,
    reason: "protocol",
  };
  const { transport, stderrTail } = createTransport(settings, server, { ...options, maxMessageBytes }, () => {
    state.closedBy ??= oversize;
    void client.close().catch(() => {});
  });
  client.onerror = (error) => {
    if (/ReadBuffer exceeded/.test(error.message)) state.closedBy ??= oversize;
  };
  let markClosed = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  client.onclose = () => {
    state.closed = true;
    markClosed();
  };

  const failure = (error: unknown, context: Omit<FailureContext, "server" | "secrets">) => {
    const exited: ClosedBy | undefined =
      settings.transport === "stdio"
        ? { message: `${server} exited during ${context.doing}.`, reason: "closed" }
        : undefined;
    return describeFailure(error, { server, secrets, closedBy: state.closedBy ?? exited, ...context });
  };

  try {
    await client.connect(transport, { timeout: options.connectTimeoutMs });
  } catch (error) {
    await transport.close().catch(() => {});
    // The SDK stops a stdio server gently (end of input, then SIGTERM, then SIGKILL): waiting for it
    // means nothing a failed open started outlives it.
    await within(closed, STOP_WAIT_MS);
    const described = failure(error, {
      doing: "the MCP handshake",
      timeoutMs: options.connectTimeoutMs,
      handshake: true,
    });
    const tail = stderrTail();
    throw described instanceof McpUnavailableError && tail
      ? new McpUnavailableError(described.message, described.reason, tail)
      : described;
  }

  const refuseWhenClosed = () => {
    if (state.closed)
      throw new McpUnavailableError(
        state.closedBy?.message ?? `${server} is no longer connected.`,
        state.closedBy?.reason ?? "closed",
      );
  };

  async function listTools(listOptions: { signal?: AbortSignal; timeoutMs?: number } = {}) {
    const timeoutMs = listOptions.timeoutMs ?? options.connectTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const tools: McpToolInfo[] = [];
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let page = 1; page <= MAX_TOOL_PAGES; page++) {
      listOptions.signal?.throwIfAborted();
      refuseWhenClosed();
      let result: { tools: unknown[]; nextCursor?: string };
      try {
        result = await client.request(
          { method: "tools/list", params: cursor === undefined ? {} : { cursor } },
          toolPageSchema,
          { signal: listOptions.signal, timeout: Math.max(1, deadline - Date.now()) },
        );
      } catch (error) {
        if (listOptions.signal?.aborted) throw listOptions.signal.reason;
        const described = failure(error, { doing: "the tool list", timeoutMs });
        // A server that offers no tools may not know the method at all.
        const noTools = !client.getServerCapabilities()?.tools;
        if (noTools && described instanceof McpRequestError && described.code === ErrorCode.MethodNotFound)
          return [];
        throw described;
      }
      tools.push(...result.tools.map(toToolInfo));
      if (tools.length > MAX_TOOLS)
        throw new McpUnavailableError(`${server} lists more than ${MAX_TOOLS} tools.`, "protocol");
      if (!result.nextCursor) return tools;
      if (cursors.has(result.nextCursor))
        throw new McpUnavailableError(`${server} repeated a page of its tool list.`, "protocol");
      cursors.add(result.nextCursor);
      cursor = result.nextCursor;
    }
    throw new McpUnavailableError(
      `${server} lists its tools on more than ${MAX_TOOL_PAGES} pages.`,
      "protocol",
    );
  }

  async function callTool(name: string, args: Record<string, unknown>, callOptions: McpCallOptions) {
    const { signal, timeoutMs } = callOptions;
    signal?.throwIfAborted();
    refuseWhenClosed();
    // The SDK never removes the listener it adds to a request's signal: it gets one of its own per
    // call, so a run's long-lived signal does not collect a listener per call.
    const call = new AbortController();
    const forward = () => call.abort(signal?.reason);
    signal?.addEventListener("abort", forward, { once: true });
    try {
      const result = await client.callTool({ name, arguments: args }, undefined, {
        signal: call.signal,
        timeout: timeoutMs,
      });
      if (!("content" in result))
        throw new McpUnavailableError(`${server} answered the call to ${name} in an old format.`, "protocol");
      return result as McpCallResult;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw failure(error, { doing: `the call to ${name}`, timeoutMs });
    } finally {
      signal?.removeEventListener("abort", forward);
    }
  }

  async function close() {
    if (state.closed) return;
    state.closedBy ??= {
      message: `${server} was disconnected: the connection was closed.`,
      reason: "closed",
    };
    if (transport instanceof StreamableHTTPClientTransport && transport.sessionId)
      await within(
        transport.terminateSession().catch(() => {}),
        SESSION_END_GRACE_MS,
      );
    await client.close().catch(() => {});
    state.closed = true;
  }

  return { server, listTools, callTool, close };
}

async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

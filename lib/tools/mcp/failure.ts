import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { PrivateAddressError } from "@/lib/net/public-address";
import { McpRequestError, McpUnavailableError, type McpUnavailableReason } from "./errors";
import { ResponseTooLargeError } from "./http-fetch";

/** Why a connection ended, as the requests it cut off will say. */
export type ClosedBy = { message: string; reason: McpUnavailableReason };

export type FailureContext = {
  /** How messages name the server ("The MCP server at https://…"). */
  server: string;
  /** What was being done, for messages: "the MCP handshake", "the call to lookup". */
  doing: string;
  timeoutMs: number;
  /** Header values and other secrets that must never appear in a message. */
  secrets: readonly string[];
  /** Why the connection closed, when known: said when a request fails because it did. */
  closedBy?: ClosedBy;
  /** Whether the request was the handshake: an error answer then means "not an MCP server". */
  handshake?: boolean;
};

const NETWORK_PROBLEMS: Record<string, [string, McpUnavailableReason]> = {
  ECONNREFUSED: ["refused the connection", "unreachable"],
  ECONNRESET: ["dropped the connection", "unreachable"],
  EPIPE: ["dropped the connection", "unreachable"],
  UND_ERR_SOCKET: ["dropped the connection", "unreachable"],
  ENOTFOUND: ["could not be found: its host name does not resolve", "unreachable"],
  EAI_AGAIN: ["could not be found: its host name did not resolve in time", "unreachable"],
  EHOSTUNREACH: ["is unreachable: no route to its host", "unreachable"],
  ENETUNREACH: ["is unreachable: no route to its network", "unreachable"],
  ETIMEDOUT: ["did not accept the connection in time", "timeout"],
  UND_ERR_CONNECT_TIMEOUT: ["did not accept the connection in time", "timeout"],
  ENOENT: ["could not be started: the command was not found", "unreachable"],
  EACCES: ["could not be started: the command is not executable", "unreachable"],
};

export const formatDuration = (ms: number): string =>
  ms < 1_000 ? `${ms} ms` : `${Number((ms / 1_000).toFixed(1))} s`;

/** Every error in a chain of causes, outermost first (fetch wraps the socket's error). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && chain.length < 8; e = (e as Error).cause)
    chain.push(e);
  return chain;
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
};

const isTlsProblem = (code: string) =>
  /^(CERT_|ERR_TLS_|ERR_SSL_)/.test(code) ||
  ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN"].includes(
    code,
  );

/** Text from outside (a server's message) made safe to show: no secrets, one line, bounded. */
export function sanitize(text: string, secrets: readonly string[], maxChars = 300): string {
  let clean = text;
  for (const secret of secrets) if (secret.length >= 4) clean = clean.split(secret).join("[redacted]");
  clean = clean.replace(/\s+/g, " ").trim();
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}…` : clean;
}

const withoutMcpPrefix = (message: string) => message.replace(/^MCP error -?\d+: /, "");

/**
 * Turns whatever the SDK, fetch or the child process threw into a readable McpUnavailableError
 * (or McpRequestError when the server answered with an error), naming the server and never a
 * secret or a stack.
 */
export function describeFailure(
  error: unknown,
  context: FailureContext,
): McpUnavailableError | McpRequestError {
  const { server, secrets } = context;
  const unavailable = (message: string, reason: McpUnavailableReason, detail?: string) =>
    new McpUnavailableError(
      sanitize(message, secrets, 600),
      reason,
      detail === undefined ? undefined : sanitize(detail, secrets, 2_000),
    );
  if (error instanceof McpUnavailableError || error instanceof McpRequestError) return error;

  const chain = causes(error);
  const privateAddress = chain.find((e) => e instanceof PrivateAddressError);
  if (privateAddress) return unavailable(`${server} was refused: ${privateAddress.message}`, "refused");

  if (error instanceof McpError) {
    if (error.code === ErrorCode.RequestTimeout)
      return unavailable(
        `${server} did not answer ${context.doing} within ${formatDuration(context.timeoutMs)}.`,
        "timeout",
      );
    if (error.code === ErrorCode.ConnectionClosed)
      return context.closedBy
        ? unavailable(context.closedBy.message, context.closedBy.reason)
        : unavailable(`${server} closed the connection during ${context.doing}.`, "closed");
    const said = sanitize(withoutMcpPrefix(error.message), secrets);
    if (context.handshake)
      return unavailable(`${server} did not accept the MCP handshake: ${said}`, "not_mcp");
    return new McpRequestError(
      sanitize(`${server} refused ${context.doing}: ${said}`, secrets, 600),
      error.code,
    );
  }

  if (error instanceof StreamableHTTPError) return describeHttpAnswer(error, context, unavailable);

  for (const e of chain) {
    const code = codeOf(e);
    if (!code) continue;
    const known = NETWORK_PROBLEMS[code];
    if (known) return unavailable(`${server} ${known[0]}.`, known[1]);
    if (isTlsProblem(code))
      return unavailable(`${server} has a TLS certificate that was refused (${code}).`, "unreachable");
  }

  const tooLarge = chain.find((e) => e instanceof ResponseTooLargeError);
  if (tooLarge)
    return unavailable(
      `${server} sent a message larger than ${tooLarge.limitBytes} bytes during ${context.doing}.`,
      "protocol",
    );
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : "";
  if (name === "ZodError" || name === "SyntaxError")
    return unavailable(`${server} sent a malformed message during ${context.doing}.`, "protocol", message);
  if (/protocol version is not supported/i.test(message))
    return unavailable(
      `${server} speaks an MCP protocol version Flightdeck does not support.`,
      "not_mcp",
      message,
    );
  return unavailable(
    `${server} failed during ${context.doing}: ${sanitize(message, secrets)}`,
    "unreachable",
  );
}

function describeHttpAnswer(
  error: StreamableHTTPError,
  context: FailureContext,
  unavailable: (message: string, reason: McpUnavailableReason, detail?: string) => McpUnavailableError,
): McpUnavailableError {
  const { server } = context;
  const status = error.code ?? 0;
  const detail = error.message.replace(/^Streamable HTTP error: /, "");
  if (status === -1)
    return unavailable(
      `${server} answered, but not as an MCP server (${sanitize(detail, context.secrets, 120)}).`,
      "not_mcp",
      detail,
    );
  if (status === 401 || status === 403)
    return unavailable(
      `${server} refused Flightdeck's credentials (HTTP ${status}): check the configured headers.`,
      "unauthorized",
      detail,
    );
  if (status >= 300 && status < 400)
    return unavailable(
      `${server} redirected elsewhere (HTTP ${status}); only redirects within the same origin are followed.`,
      "not_mcp",
      detail,
    );
  if (status === 404 || status === 405)
    return unavailable(`${server} has no MCP endpoint at this URL (HTTP ${status}).`, "not_mcp", detail);
  if (status === 429 || status >= 500)
    return unavailable(`${server} is unavailable (HTTP ${status}).`, "unreachable", detail);
  return unavailable(`${server} answered HTTP ${status}, not as an MCP server.`, "not_mcp", detail);
}

/**
 * Why an MCP server could not serve a request:
 * - `config`: the server's settings are invalid;
 * - `refused`: Flightdeck refused to connect (a private address, a command not on the allow-list);
 * - `unreachable`: the host or command could not be reached or started;
 * - `unauthorized`: the server refused the configured credentials (HTTP 401 or 403);
 * - `timeout`: no answer in time;
 * - `not_mcp`: something answered, but not as an MCP server (an HTTP error, a web page, no handshake);
 * - `protocol`: the server broke the protocol (malformed or oversized messages);
 * - `closed`: the connection ended (the server exited, or it was closed).
 */
export type McpUnavailableReason =
  | "config"
  | "refused"
  | "unreachable"
  | "unauthorized"
  | "timeout"
  | "not_mcp"
  | "protocol"
  | "closed";

/** The server could not be reached or talked to. The message is readable and carries no secrets. */
export class McpUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: McpUnavailableReason,
    /** For the admin's eyes only (e.g. the tail of a stdio server's stderr): never shown to a model. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = "McpUnavailableError";
  }
}

/** JSON-RPC codes with which a server says the request itself was wrong (unknown tool, bad arguments). */
const CALLER_MISTAKES = new Set([-32600, -32601, -32602]);

/** The server answered the request with a JSON-RPC error. */
export class McpRequestError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
    this.name = "McpRequestError";
  }

  /** Whether the caller can fix it (a model that named an unknown tool or gave bad arguments). */
  get callerMistake(): boolean {
    return CALLER_MISTAKES.has(this.code);
  }
}

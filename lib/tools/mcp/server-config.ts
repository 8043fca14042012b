import { z } from "zod";

const MAX_URL_CHARS = 2_048;
const MAX_HEADERS = 32;
const MAX_HEADER_VALUE_CHARS = 8_192;
const MAX_COMMAND_CHARS = 512;
const MAX_ARGS = 64;
const MAX_ARG_CHARS = 2_048;

// An HTTP token (RFC 9110): what a header name may be made of.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
// Visible ASCII, spaces and tabs: no line breaks that could smuggle another header.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

// Headers the MCP transport sets itself, or that only the HTTP layer may set: an admin's value
// would break the protocol or the connection.
const RESERVED_HEADERS = new Set([
  "accept",
  "connection",
  "content-length",
  "content-type",
  "expect",
  "host",
  "keep-alive",
  "last-event-id",
  "mcp-protocol-version",
  "mcp-session-id",
  "te",
  "transfer-encoding",
  "upgrade",
]);

const url = z
  .string({ error: "The URL must be text." })
  .trim()
  .min(1, "The URL is required.")
  .max(MAX_URL_CHARS, `The URL must be at most ${MAX_URL_CHARS} characters.`)
  .superRefine((text, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a valid URL.` });
      return;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      ctx.addIssue({
        code: "custom",
        message: `Only http and https URLs are allowed, not ${parsed.protocol}`,
      });
    if (parsed.username || parsed.password)
      ctx.addIssue({
        code: "custom",
        message: "The URL must not contain a user name or password: put credentials in a header.",
      });
  });

const headerValue = z
  .string({ error: "A header value must be text." })
  .max(MAX_HEADER_VALUE_CHARS, `A header value must be at most ${MAX_HEADER_VALUE_CHARS} characters.`)
  .regex(HEADER_VALUE, "A header value may contain only printable ASCII characters, spaces and tabs.");

// Names are checked here rather than by the record's key schema, whose own message would replace ours.
const headers = z.record(z.string(), headerValue).superRefine((all, ctx) => {
  const names = Object.keys(all);
  const problem = (message: string) => ctx.addIssue({ code: "custom", message });
  if (names.length > MAX_HEADERS) problem(`At most ${MAX_HEADERS} headers are allowed.`);
  for (const name of names) {
    if (!HEADER_NAME.test(name))
      problem(
        `"${name.slice(0, 64)}" is not a header name: use 1 to 64 letters, digits or !#$%&'*+.^_\`|~-.`,
      );
    else if (RESERVED_HEADERS.has(name.toLowerCase()))
      problem(`The header ${name} is set by Flightdeck and cannot be configured.`);
  }
  if (new Set(names.map((name) => name.toLowerCase())).size !== names.length)
    problem("Each header may be given once (names are case-insensitive).");
});

const noNul = (text: string) => !text.includes("\0");

export const mcpHttpServerConfigSchema = z
  .object({
    transport: z.literal("http"),
    url,
    headers: headers.optional(),
  })
  .strict();

export const mcpStdioServerConfigSchema = z
  .object({
    transport: z.literal("stdio"),
    command: z
      .string({ error: "The command must be text." })
      .trim()
      .min(1, "The command is required.")
      .max(MAX_COMMAND_CHARS, `The command must be at most ${MAX_COMMAND_CHARS} characters.`)
      .refine(noNul, "The command must not contain NUL characters."),
    args: z
      .array(
        z
          .string({ error: "Each argument must be text." })
          .max(MAX_ARG_CHARS, `An argument must be at most ${MAX_ARG_CHARS} characters.`)
          .refine(noNul, "An argument must not contain NUL characters."),
      )
      .max(MAX_ARGS, `At most ${MAX_ARGS} arguments are allowed.`)
      .optional(),
  })
  .strict();

/** How Flightdeck reaches one MCP server: over Streamable HTTP, or by running a local command. */
export const mcpServerConfigSchema = z.discriminatedUnion(
  "transport",
  [mcpHttpServerConfigSchema, mcpStdioServerConfigSchema],
  { error: 'The transport must be "http" or "stdio".' },
);

export type McpHttpServerConfig = z.infer<typeof mcpHttpServerConfigSchema>;
export type McpStdioServerConfig = z.infer<typeof mcpStdioServerConfigSchema>;
export type McpServerConfig = z.infer<typeof mcpServerConfigSchema>;

/**
 * A server's name in Flightdeck, the first part of its tools' names (`<server>__<tool>`): it starts
 * with a letter (some providers require it of function names), has no "__" and does not end with
 * "_", so a tool's name splits back into server and tool at its first "__".
 */
export const mcpServerNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,31}$/,
    "A server name is 1 to 32 letters, digits, _ or -, starting with a letter.",
  )
  .refine(
    (name) => !name.includes("__") && !name.endsWith("_"),
    'A server name must not contain "__" or end with "_".',
  );

/**
 * How messages name a server: the URL without its query or fragment (which may hold keys), or the
 * command without its arguments (which may hold tokens).
 */
export function describeServer(config: McpServerConfig): string {
  if (config.transport === "stdio") return `The MCP server command "${config.command}"`;
  try {
    const parsed = new URL(config.url);
    return `The MCP server at ${parsed.origin}${parsed.pathname}`;
  } catch {
    return "The MCP server";
  }
}

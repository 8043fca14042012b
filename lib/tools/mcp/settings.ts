import { z } from "zod";

/** The handshake's time-out when Flightdeck lists a server's tools. */
const CONNECT_TIMEOUT_MS = 10_000;
const MIN_SECRET_CHARS = 32;

/** How this deployment lets tenants' MCP servers be reached, and the secret their headers are sealed with. */
export type McpServerSettings = {
  /** Commands a stdio server may be started with, compared exactly (FLIGHTDECK_MCP_STDIO); empty: no stdio. */
  stdioAllowList: string[];
  /** HTTP servers on private addresses (this host, local networks) are allowed (FLIGHTDECK_MCP_ALLOW_PRIVATE). */
  allowPrivateAddresses: boolean;
  /** FLIGHTDECK_SECRETS_KEY, else NEXTAUTH_SECRET; undefined when neither is set. */
  secretsKey: string | undefined;
  /** How long connecting and listing a server's tools may take. */
  connectTimeoutMs: number;
};

const flag = z
  .enum(["0", "1", "true", "false", ""], {
    error: 'FLIGHTDECK_MCP_ALLOW_PRIVATE must be "1", "true", "0" or "false".',
  })
  .optional()
  .transform((v) => v === "1" || v === "true");

const text = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const settingsSchema = z.object({
  FLIGHTDECK_MCP_STDIO: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? "")
        .split(",")
        .map((command) => command.trim())
        .filter(Boolean),
    ),
  FLIGHTDECK_MCP_ALLOW_PRIVATE: flag,
  FLIGHTDECK_SECRETS_KEY: text.pipe(
    z
      .string()
      .min(MIN_SECRET_CHARS, `FLIGHTDECK_SECRETS_KEY must be at least ${MIN_SECRET_CHARS} characters.`)
      .optional(),
  ),
  // The secret next-auth signs sessions with (scripts/prepare.ts generates one when it is not set).
  NEXTAUTH_SECRET: text,
});

let override: Partial<McpServerSettings> | null = null;

/**
 * The settings, read from the environment on every call (they are cheap to read) with any test
 * override on top. Throws a readable error when a variable is malformed.
 */
export function mcpServerSettings(): McpServerSettings {
  const parsed = settingsSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(" ");
    throw new Error(`Invalid MCP server configuration: ${problems}`);
  }
  const env = parsed.data;
  return {
    stdioAllowList: env.FLIGHTDECK_MCP_STDIO,
    allowPrivateAddresses: env.FLIGHTDECK_MCP_ALLOW_PRIVATE,
    secretsKey: env.FLIGHTDECK_SECRETS_KEY ?? env.NEXTAUTH_SECRET,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    ...override,
  };
}

/** For tests: settings that win over the environment until reset with null. */
export function overrideMcpServerSettings(settings: Partial<McpServerSettings> | null): void {
  override = settings;
}

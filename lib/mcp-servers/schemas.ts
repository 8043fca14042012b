import { z } from "zod";
import {
  mcpHttpServerConfigSchema,
  mcpServerNameSchema,
  mcpStdioServerConfigSchema,
} from "@/lib/tools/mcp/server-config";
import { RISK_CLASSES } from "@/lib/tools/types";

const NAME_RULE = "Name the server: 1 to 32 letters, digits, _ or -, starting with a letter (e.g. crm).";

export const mcpServerName = z.string({ error: NAME_RULE }).trim().pipe(mcpServerNameSchema);

const http = mcpHttpServerConfigSchema.shape;
const stdio = mcpStdioServerConfigSchema.shape;

const unknownKeys =
  (what: string) =>
  (issue: { code?: string; keys?: string[] }): string | undefined =>
    issue.code === "unrecognized_keys" ? `${what} has no ${issue.keys?.join(", ")}.` : undefined;

/**
 * A server to register: its name and how to reach it, with the field rules of the MCP client's own
 * settings (lib/tools/mcp/server-config.ts). Header values are credentials: they are sealed at rest
 * and never shown again.
 */
export const registerMcpServerSchema = z.discriminatedUnion(
  "transport",
  [
    z.strictObject(
      {
        name: mcpServerName,
        transport: z.literal("http"),
        url: z.string({ error: "Give the server's URL (an http server needs one)." }).pipe(http.url),
        headers: http.headers,
      },
      { error: unknownKeys("An http server (name, transport, url, headers)") },
    ),
    z.strictObject(
      {
        name: mcpServerName,
        transport: z.literal("stdio"),
        command: z
          .string({ error: "Give the server's command (a stdio server needs one)." })
          .pipe(stdio.command),
        args: stdio.args,
      },
      { error: unknownKeys("A stdio server (name, transport, command, args)") },
    ),
  ],
  { error: 'The transport must be "http" or "stdio".' },
);

export type RegisterMcpServerInput = z.input<typeof registerMcpServerSchema>;

export const MIN_TOOL_TIMEOUT_MS = 1_000;
export const MAX_TOOL_TIMEOUT_MS = 10 * 60_000;

/** How the tenant's admin treats one MCP tool: the server's own hints are claims, not settings. */
export const mcpToolSettingsSchema = z
  .strictObject(
    {
      risk: z.enum(RISK_CLASSES, { error: 'The risk must be "read", "write" or "irreversible".' }).optional(),
      idempotent: z.boolean({ error: "idempotent must be true or false." }).optional(),
      timeoutMs: z
        .number({ error: "The time-out must be a number of milliseconds." })
        .int("The time-out must be a whole number of milliseconds.")
        .min(MIN_TOOL_TIMEOUT_MS, `The time-out must be at least ${MIN_TOOL_TIMEOUT_MS} ms (1 second).`)
        .max(MAX_TOOL_TIMEOUT_MS, `The time-out must be at most ${MAX_TOOL_TIMEOUT_MS} ms (10 minutes).`)
        .optional(),
    },
    { error: unknownKeys("A tool's settings (risk, idempotent, timeout_ms)") },
  )
  .refine(
    (settings) => Object.values(settings).some((value) => value !== undefined),
    "Give at least one setting to change: risk, idempotent or timeout_ms.",
  );

export type McpToolSettingsInput = z.input<typeof mcpToolSettingsSchema>;

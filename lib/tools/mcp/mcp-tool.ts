import type { z } from "zod";
import { canonicalJson, hashCanonical } from "@/lib/canonical-json";
import { toolAsTarget } from "@/lib/tools/policy-target";
import {
  type RiskClass,
  type ToolDefinition,
  ToolInputError,
  type ToolOutcome,
  ToolOutcomeUnknownError,
} from "@/lib/tools/types";
import type { McpCallOptions, McpCallResult } from "./connection";
import { McpRequestError, McpUnavailableError } from "./errors";
import { inputFromJsonSchema } from "./input-schema";
import { capText, MCP_RESULT_CAP_BYTES, resultText } from "./result-text";
import type { McpToolInfo } from "./tool-list";
import { mcpToolName } from "./tool-name";

/** Of an error result, the most the model reads. */
export const MCP_ERROR_CAP_BYTES = 2 * 1024;
/** Of a tool's description, the most every prompt carries. */
export const MAX_DESCRIPTION_CHARS = 4_000;
const PREVIEW_ARGS_CAP_BYTES = 2 * 1024;
/** Failures after the call was sent: the server may have acted without Flightdeck learning it. */
const UNANSWERED = new Set(["timeout", "closed", "protocol"]);

/** How the tenant's admin set up one MCP tool: its risk is theirs to judge, not the server's. */
export type McpToolSettings = { risk: RiskClass; idempotent: boolean; timeoutMs: number };

/** Calls a tool on the server: an McpConnection's callTool, or anything with its contract. */
export type McpCall = (
  toolName: string,
  args: Record<string, unknown>,
  options: McpCallOptions,
) => Promise<McpCallResult>;

/**
 * The result as the model reads it. Under `text`, a field policy treats as untrusted: what an
 * outside server says is data, never instructions.
 */
export type McpToolOutput = { text: string };

export type McpTool = ToolDefinition<z.ZodType, McpToolOutput> & {
  /** The server's own JSON Schema for the input: what the model is shown. */
  jsonSchema: Record<string, unknown>;
  source: { kind: "mcp"; server: string; tool: string };
};

const issues = (error: z.ZodError) =>
  error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("; ");

const describe = (server: string, info: McpToolInfo) => {
  const text = info.description.trim() || `The ${info.name} tool of the MCP server ${server}.`;
  return text.length > MAX_DESCRIPTION_CHARS ? `${text.slice(0, MAX_DESCRIPTION_CHARS)}…` : text;
};

/**
 * A Flightdeck tool for one tool of an MCP server, or why it cannot be offered (its name cannot be
 * made safe, its input schema is not an object or cannot be checked): reported, never dropped.
 */
export function toolFromMcp(
  server: { name: string },
  info: McpToolInfo,
  settings: McpToolSettings,
  call: McpCall,
): { tool: McpTool } | { problem: string } {
  const label = info.name
    ? `The tool "${info.name}" of ${server.name}`
    : `A tool of ${server.name} without a name`;
  const name = mcpToolName(server.name, info.name);
  if (!name)
    return {
      problem: `${label} cannot be offered: its name cannot be made into a function name of at most 64 letters, digits, _ or -.`,
    };
  const converted = inputFromJsonSchema(info.inputSchema);
  if ("problem" in converted) return { problem: `${label} cannot be offered: ${converted.problem}` };

  return {
    tool: {
      name,
      policy: toolAsTarget(name),
      version: 1,
      description: describe(server.name, info),
      input: converted.input,
      jsonSchema: info.inputSchema,
      source: { kind: "mcp", server: server.name, tool: info.name },
      risk: () => settings.risk,
      timeoutMs: settings.timeoutMs,
      idempotent: settings.idempotent,
      async execute(args, ctx) {
        ctx.signal.throwIfAborted();
        // The engine validates before executing; checking again keeps any other caller from sending
        // the server arguments its schema refuses.
        const parsed = converted.input.safeParse(args);
        if (!parsed.success)
          throw new ToolInputError(`Invalid arguments for ${name}: ${issues(parsed.error)}`);
        const input = parsed.data as Record<string, unknown>;
        let result: McpCallResult;
        try {
          result = await call(info.name, input, { signal: ctx.signal, timeoutMs: settings.timeoutMs });
        } catch (error) {
          // A write stopped (its time-out, a kill) before the server answered may still have happened.
          if (ctx.signal.aborted && settings.risk !== "read")
            throw new ToolOutcomeUnknownError(name, `was stopped before ${server.name} answered`);
          if (ctx.signal.aborted) throw ctx.signal.reason;
          // The server says the call itself is wrong (unknown tool, bad arguments): the model can fix that.
          if (error instanceof McpRequestError && error.callerMistake)
            throw new ToolInputError(error.message);
          // A write whose answer never came may have happened on the server: a person checks.
          if (
            settings.risk !== "read" &&
            error instanceof McpUnavailableError &&
            UNANSWERED.has(error.reason)
          )
            throw new ToolOutcomeUnknownError(name, `got no answer from ${server.name} (${error.message})`);
          throw error;
        }
        const rendered = capText(
          resultText(result),
          result.isError ? MCP_ERROR_CAP_BYTES : MCP_RESULT_CAP_BYTES,
        );
        if (result.isError)
          throw new ToolInputError(rendered.text || `${label} reported an error without a message.`);
        return {
          output: { text: rendered.text },
          receipt: {
            server: server.name,
            tool: info.name,
            args_sha256: hashCanonical(input),
            result_sha256: hashCanonical(result),
            result_bytes: rendered.bytes,
            truncated: rendered.truncated,
          },
        };
      },
    },
  };
}

/** A dry run's stand-in for an MCP call: what would be called, with no call made. */
export function previewMcpCall(
  server: { name: string },
  toolName: string,
  args: unknown,
): ToolOutcome<string> {
  const shown = capText(canonicalJson(args), PREVIEW_ARGS_CAP_BYTES).text;
  return {
    output: `Preview: would call ${toolName} on ${server.name} with ${shown}`,
    receipt: { server: server.name, tool: toolName, args_sha256: hashCanonical(args), preview: true },
  };
}

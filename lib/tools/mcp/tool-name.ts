import { sha256Hex } from "@/lib/sha256";
import { mcpServerNameSchema } from "./server-config";

/** The longest function name every provider accepts (OpenAI, Anthropic, Gemini: 64). */
export const MAX_TOOL_NAME_CHARS = 64;
const SAFE = /^[A-Za-z0-9_-]+$/;

/**
 * The name a model calls an MCP tool by: `<server>__<tool>`, matching ^[a-zA-Z][a-zA-Z0-9_-]{0,63}$.
 *
 * - The server name must already be valid (mcpServerNameSchema: starts with a letter, no "__", does
 *   not end with "_"), so the name splits back at its first "__".
 * - A tool name that is already safe is kept as it is. Otherwise every character outside
 *   [A-Za-z0-9_-] becomes "_" and `_` plus the first 6 hex digits of the original name's SHA-256
 *   are appended, so "get.user" and "get/user" stay apart (and neither takes "get_user").
 * - null when the server name is invalid, the tool name is empty, or the result is longer than 64.
 */
export function mcpToolName(server: string, tool: string): string | null {
  if (!mcpServerNameSchema.safeParse(server).success || tool.length === 0) return null;
  const part = SAFE.test(tool)
    ? tool
    : `${tool.replace(/[^A-Za-z0-9_-]/g, "_")}_${sha256Hex(tool).slice(0, 6)}`;
  const name = `${server}__${part}`;
  return name.length <= MAX_TOOL_NAME_CHARS ? name : null;
}

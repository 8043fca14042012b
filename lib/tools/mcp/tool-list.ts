import { z } from "zod";

/** One tool as the server lists it. */
export type McpToolInfo = {
  name: string;
  description: string;
  /** The tool's input as JSON Schema ({} when the server sent none, or not an object). */
  inputSchema: Record<string, unknown>;
  title?: string;
  /** The server's hints (readOnlyHint, destructiveHint, idempotentHint, …): claims, not guarantees. */
  annotations?: Record<string, unknown>;
};

/** Past these, a listing is refused rather than followed forever. */
export const MAX_TOOL_PAGES = 50;
export const MAX_TOOLS = 1_000;

// Deliberately loose: the SDK's own schema rejects the whole page when one tool's input schema is
// not an object, and such a tool must be reported to the admin, not make every other tool vanish.
export const toolPageSchema = z
  .object({
    tools: z.array(z.unknown()),
    nextCursor: z.string().optional(),
  })
  .loose();

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export function toToolInfo(raw: unknown): McpToolInfo {
  const tool = isPlainObject(raw) ? raw : {};
  return {
    name: typeof tool.name === "string" ? tool.name : "",
    description: typeof tool.description === "string" ? tool.description : "",
    inputSchema: isPlainObject(tool.inputSchema) ? tool.inputSchema : {},
    ...(typeof tool.title === "string" ? { title: tool.title } : {}),
    ...(isPlainObject(tool.annotations) ? { annotations: tool.annotations } : {}),
  };
}

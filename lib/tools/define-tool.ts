import type { z } from "zod";
import type { ToolDefinition } from "./types";

/**
 * A tool of your own, typed from its input schema: the arguments `execute` gets are what the
 * schema parsed. The engine validates, decides by policy, approves, budgets, times out, receipts
 * and (with `compensate`) undoes its calls like any other tool. See docs/tools.md.
 */
export function defineTool<I extends z.ZodType, O>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}

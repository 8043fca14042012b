import type { AnyTool } from "../types";

/**
 * Your own code tools: define each with defineTool() in this folder and list it here. They join
 * the catalog beside the built-in ones, under the same envelope (docs/tools.md).
 */
export const customTools: AnyTool[] = [];

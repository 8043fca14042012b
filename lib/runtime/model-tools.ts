import type { LanguageModelV4FunctionTool } from "@ai-sdk/provider";
import { asSchema } from "ai";
import { toolsByName } from "@/lib/tools/registry";
import { completionTool } from "./completion";

const toolSchemas = new Map<string, LanguageModelV4FunctionTool>();

/**
 * What the model sees of the agent's tools (name, description and JSON schema, converted once per
 * process), then the engine's own finish_run, by which it ends the run with the effects it claims.
 */
export async function modelTools(names: string[], tenantId: string): Promise<LanguageModelV4FunctionTool[]> {
  const result: LanguageModelV4FunctionTool[] = [];
  for (const tool of toolsByName(names, tenantId)) {
    // A tenant's own tool (an MCP server's) is shown to the model with its server's own schema.
    if ("jsonSchema" in tool) {
      result.push({
        type: "function",
        name: tool.name,
        description: tool.description,
        inputSchema: tool.jsonSchema as LanguageModelV4FunctionTool["inputSchema"],
      });
      continue;
    }
    let schema = toolSchemas.get(tool.name);
    if (!schema) {
      schema = {
        type: "function",
        name: tool.name,
        description: tool.description,
        inputSchema: await asSchema(tool.input).jsonSchema,
      };
      toolSchemas.set(tool.name, schema);
    }
    result.push(schema);
  }
  result.push(await completionTool());
  return result;
}

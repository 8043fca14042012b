import { builtInTools, getTool } from "@/lib/tools/registry";
import { tenantToolList } from "@/lib/tools/tenant-tools";
import type { AnyTool } from "@/lib/tools/types";

/**
 * A tool as the agent pages show it; `registered` is false for a name no tool of the catalog has.
 * `source` names the MCP server of a tenant's own tool; `risk` is set for those (the admin's setting).
 */
export type ToolOption = {
  name: string;
  description: string;
  registered: boolean;
  source?: string;
  risk?: "read" | "write" | "irreversible";
};

const unregistered = (name: string): ToolOption => ({
  name,
  description: "No tool of the catalog has this name: the agent cannot call it. Untick it to save.",
  registered: false,
});

function option(tool: AnyTool): ToolOption {
  const mcp = "source" in tool ? (tool.source as { server?: string }) : undefined;
  const risk = riskAsAWhole(tool);
  return {
    name: tool.name,
    description: tool.description,
    registered: true,
    ...(risk ? { risk } : {}),
    ...(mcp?.server ? { source: mcp.server } : {}),
  };
}

/** The risk of a call with no arguments: the tool's own, for a tool whose risk no argument changes. */
function riskAsAWhole(tool: AnyTool): ToolOption["risk"] {
  try {
    return tool.risk({});
  } catch {
    return undefined;
  }
}

/** The agent's own tools, in its order (the tenant's tools loaded with loadTenantTools first). */
export function agentToolOptions(names: string[], tenantId: string): ToolOption[] {
  return names.map((name) => {
    const tool = getTool(name, tenantId);
    return tool ? option(tool) : unregistered(name);
  });
}

/** Every tool of the tenant's catalog, then any the agent names that it lacks (so an admin sees them). */
export function allToolOptions(agentTools: string[], tenantId: string): ToolOption[] {
  return [
    ...[...builtInTools, ...tenantToolList(tenantId)].map(option),
    ...agentTools.filter((name) => !getTool(name, tenantId)).map(unregistered),
  ];
}

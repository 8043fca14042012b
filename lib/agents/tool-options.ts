import { builtInTools, getTool } from "@/lib/tools/registry";

/** A tool as the agent pages show it; `registered` is false for a name no registered tool has. */
export type ToolOption = { name: string; description: string; registered: boolean };

const unregistered = (name: string): ToolOption => ({
  name,
  description: "No registered tool has this name: the agent cannot call it. Untick it to save.",
  registered: false,
});

/** The agent's own tools, in its order. */
export function agentToolOptions(names: string[]): ToolOption[] {
  return names.map((name) => {
    const tool = getTool(name);
    return tool ? { name, description: tool.description, registered: true } : unregistered(name);
  });
}

/** Every registered tool, then any the agent names that are not registered (so an admin sees them). */
export function allToolOptions(agentTools: string[]): ToolOption[] {
  return [
    ...builtInTools.map((tool) => ({ name: tool.name, description: tool.description, registered: true })),
    ...agentTools.filter((name) => !getTool(name)).map(unregistered),
  ];
}

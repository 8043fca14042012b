import { builtInTool } from "./built-in-tools";
import { tenantTool } from "./tenant-tools";
import type { AnyTool } from "./types";

export { builtInTools, demoTools } from "./built-in-tools";

/**
 * A built-in tool, or with `tenantId` one of that tenant's own tools as loadTenantTools last read
 * them (a tenant never sees another's).
 */
export function getTool(name: string, tenantId?: string): AnyTool | undefined {
  return builtInTool(name) ?? (tenantId === undefined ? undefined : tenantTool(tenantId, name));
}

/** The named tools in the order given; names of no registered tool are left out. */
export function toolsByName(names: string[], tenantId?: string): AnyTool[] {
  return [...new Set(names)].flatMap((name) => getTool(name, tenantId) ?? []);
}

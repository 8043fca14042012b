import { customTools } from "./custom";
import { withFlakyMode } from "./demo/flaky";
import { getOrder } from "./demo/get-order";
import { getTicket } from "./demo/get-ticket";
import { httpRequest } from "./demo/http-request";
import { issueRefund } from "./demo/issue-refund";
import { withPreview } from "./demo/previews";
import { runCommand } from "./demo/run-command";
import { searchKb } from "./demo/search-kb";
import { sendEmail } from "./demo/send-email";
import { updateTicket } from "./demo/update-ticket";
import { writeFile } from "./demo/write-file";
import { tenantTool } from "./tenant-tools";
import type { AnyTool } from "./types";

/**
 * The demo shop's tools, each with its dry-run preview, behind the shop's flaky mode (a fault
 * drill; off by default).
 */
export const demoTools: AnyTool[] = [
  getTicket,
  getOrder,
  searchKb,
  issueRefund,
  sendEmail,
  updateTicket,
  httpRequest,
  runCommand,
  writeFile,
].map((tool) => withFlakyMode(withPreview(tool)));

/** Every tool this deployment offers: the demo shop's and the team's own code tools. */
export const builtInTools: AnyTool[] = [...demoTools, ...customTools];

const byName = catalogByName(builtInTools);

function catalogByName(tools: AnyTool[]): Map<string, AnyTool> {
  const byName = new Map<string, AnyTool>();
  for (const tool of tools) {
    if (byName.has(tool.name))
      throw new Error(`Two tools are named ${tool.name}: tool names must be unique.`);
    byName.set(tool.name, tool);
  }
  return byName;
}

/**
 * A built-in tool, or with `tenantId` one of that tenant's own tools as loadTenantTools last read
 * them (a tenant never sees another's).
 */
export function getTool(name: string, tenantId?: string): AnyTool | undefined {
  return byName.get(name) ?? (tenantId === undefined ? undefined : tenantTool(tenantId, name));
}

/** The named tools in the order given; names of no registered tool are left out. */
export function toolsByName(names: string[], tenantId?: string): AnyTool[] {
  return [...new Set(names)].flatMap((name) => getTool(name, tenantId) ?? []);
}

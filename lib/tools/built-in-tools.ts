import { askPerson } from "./ask-person";
import { customTools } from "./custom";
import { delegate } from "./delegate";
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
import { documentTools } from "./documents";
import { memoryTools } from "./memory";
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

/**
 * Every tool this deployment offers: asking a person, handing a task to another agent, the demo
 * shop's, the agents' memory, the tenant's documents and the team's own code tools.
 */
export const builtInTools: AnyTool[] = [
  askPerson,
  delegate,
  ...demoTools,
  ...memoryTools,
  ...documentTools,
  ...customTools,
];

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

/** A built-in tool by name: no tenant's own tools (see getTool in ./registry for those). */
export function builtInTool(name: string): AnyTool | undefined {
  return byName.get(name);
}

import type { spans } from "@/db/schema";
import { turnSpan } from "@/lib/telemetry/spans";
import type { StepCommit } from "./persist-step";

type SpanRow = typeof spans.$inferInsert;
type RunRef = StepCommit["run"] & { agentName: string; model: string };

/**
 * A workflow node's span: it stands where an agent's turn span does, so the trace reads as the
 * graph's nodes under the run, each with its model or tool call spans under it.
 */
export function nodeSpan(run: RunRef, turn: number, node: string, start: Date, end: Date): SpanRow {
  const span = turnSpan(run, turn, start, end);
  return {
    ...span,
    name: `workflow_node ${node}`,
    attributes: { ...(span.attributes as object), "flightdeck.workflow.node": node },
  };
}

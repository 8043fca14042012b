import type { RunStep, ToolStepPayload } from "@/db/schema";
import type { Evidence } from "@/lib/tools/provenance";

/** The evidence a run had gathered: its goal and its successful tool results, in order. */
export function evidenceFromSteps(goal: string, steps: Pick<RunStep, "kind" | "payload">[]): Evidence {
  const results: Evidence["results"] = [];
  for (const step of steps) {
    if (step.kind !== "tool") continue;
    const payload = step.payload as ToolStepPayload;
    if (payload.status === "ok") results.push({ toolName: payload.toolName, value: payload.result });
  }
  return { goal, results };
}

import type { EvalCaseResultRow } from "@/db/schema";
import { type AlignedRow, alignCalls, type CallView } from "@/lib/runs/align-calls";

type Stored = Pick<EvalCaseResultRow, "id" | "pass" | "calls" | "suiteRunId">;

export type TrajectoryDiff<T extends Stored> = { failing: T; lastPass: T; rows: AlignedRow[] };

const views = (calls: NonNullable<Stored["calls"]>): CallView[] =>
  calls.map((call, i) => ({
    seq: i + 1,
    toolName: call.tool,
    args: call.args,
    status: call.status,
    policy: null,
    policyVersion: null,
    inherited: false,
    recorded: false,
  }));

/**
 * A failing case's tool calls lined up against its last pass before that failure, as the run
 * comparison lines up two runs; null when the latest result passed, or no earlier pass kept its calls.
 * `history` is newest first.
 */
export function trajectoryDiff<T extends Stored>(history: readonly T[]): TrajectoryDiff<T> | null {
  const [failing, ...earlier] = history;
  if (!failing || failing.pass || !failing.calls) return null;
  const lastPass = earlier.find((r) => r.pass && r.calls);
  if (!lastPass?.calls) return null;
  return { failing, lastPass, rows: alignCalls(views(lastPass.calls), views(failing.calls)) };
}

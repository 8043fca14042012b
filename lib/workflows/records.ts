import type { ModelStepPayload, RunStep, ToolStepPayload, ToolStepStatus } from "@/db/schema";

/** A tool call a node proposed and, once its step committed, how it went. */
export type RecordedCall = {
  toolCallId: string;
  toolName: string;
  /** Absent while the call waits for its result (running, or parked for a person). */
  status?: ToolStepStatus;
  result?: unknown;
  /** A delegate call: how many tool calls the child run made. */
  childToolCalls?: number;
};

/** What the committed steps say a node did, once per visit, in the order the steps committed. */
export type NodeRecord = {
  node: string;
  seq: number;
  output?: unknown;
  error?: string;
  end?: boolean;
  /** The node's tool calls, in the order it proposed them. */
  calls?: RecordedCall[];
};

type StepLike = Pick<RunStep, "seq" | "kind" | "payload">;

/** The nodes' records from a workflow run's steps; a tool step's result joins the node that proposed it. */
export function recordsOf(steps: readonly StepLike[]): NodeRecord[] {
  const records: NodeRecord[] = [];
  const byCall = new Map<string, RecordedCall>();
  for (const step of steps) {
    if (step.kind === "model") {
      const payload = step.payload as ModelStepPayload;
      const mark = payload.workflow;
      if (!mark) continue;
      const record: NodeRecord = { node: mark.node, seq: step.seq };
      if ("output" in mark) record.output = mark.output;
      if (mark.error !== undefined) record.error = mark.error;
      if (mark.end) record.end = true;
      if (payload.toolCalls.length > 0) {
        record.calls = payload.toolCalls.map((c) => ({ toolCallId: c.toolCallId, toolName: c.toolName }));
        for (const call of record.calls) byCall.set(call.toolCallId, call);
      }
      records.push(record);
      continue;
    }
    const payload = step.payload as ToolStepPayload;
    const call = byCall.get(payload.toolCallId);
    if (!call) continue;
    call.status = payload.status;
    call.result = payload.result;
    if (payload.childRun) call.childToolCalls = payload.childRun.toolCalls;
  }
  return records;
}

import type { ApprovalRecord, PolicyRecord, ProposedToolCall, ToolStepPayload } from "@/db/schema";
import type { ToolCallResult } from "./tool-step";

/** A tool step's content before it is committed; `failed` ends the run `tool_failed`. */
export type ToolOutcome = ToolCallResult & { failed: boolean };

/** The policy decision and the person's approval a step records beside its result. */
type Records = { policy?: PolicyRecord; approval?: ApprovalRecord };

/**
 * A tool step the engine writes without running the tool: an invalid or unknown call, a refused
 * one, or one a person confirmed already happened. It takes no time and leaves no receipt.
 */
export function syntheticOutcome(
  call: ProposedToolCall,
  idempotencyKey: string,
  args: unknown,
  status: ToolStepPayload["status"],
  result: unknown,
  records?: Records,
): ToolOutcome {
  const now = new Date();
  const payload: ToolStepPayload = {
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    args,
    status,
    result,
    receipt: null,
    idempotencyKey,
  };
  if (records) withRecords(payload, records);
  return { failed: false, startedAt: now, endedAt: now, workMs: 0, payload };
}

/** Adds the decision and approval that let the call happen, when there are any, to its payload. */
export function withRecords(payload: ToolStepPayload, records: Records): ToolStepPayload {
  if (records.policy) payload.policy = records.policy;
  if (records.approval) payload.approval = records.approval;
  return payload;
}

export const isToolOutcome = (value: object | symbol): value is ToolOutcome =>
  typeof value === "object" && "payload" in value;

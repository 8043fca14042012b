import { z } from "zod";
import type { ApprovalView } from "@/lib/approvals/queries";
import { data, timestamp } from "@/lib/http/json-shapes";

export const approvalJson = z.object({
  id: z.string(),
  run_id: z.string(),
  agent: z.string(),
  seq: z.number(),
  tool_call_id: z.string(),
  tool: z.string(),
  kind: z.string(),
  resolution: z.string().nullable(),
  risk: z.string(),
  args: data,
  edited_args: data,
  provenance: data,
  policy_ids: z.array(z.string()),
  policy_version: z.number(),
  reason: z.string(),
  status: z.string(),
  expires_at: timestamp,
  created_at: timestamp,
  escalated_at: timestamp.nullable(),
  decided_at: timestamp.nullable(),
  decided_by: z.string().nullable(),
  comment: z.string().nullable(),
  answer: z.string().nullable(),
  redacted: z.boolean(),
});

/** The API's view of an approval request: snake_case, like the runs API. */
export function toApprovalJson(a: ApprovalView): z.input<typeof approvalJson> {
  return {
    id: a.id,
    run_id: a.runId,
    agent: a.agentName,
    seq: a.seq,
    tool_call_id: a.toolCallId,
    tool: a.toolName,
    kind: a.kind,
    resolution: a.resolution,
    risk: a.risk,
    args: a.args,
    edited_args: a.editedArgs,
    provenance: a.provenance,
    policy_ids: a.policyIds,
    policy_version: a.policyVersion,
    reason: a.reason,
    status: a.status,
    expires_at: a.expiresAt,
    created_at: a.createdAt,
    escalated_at: a.escalatedAt,
    decided_at: a.decidedAt,
    decided_by: a.decidedBy,
    comment: a.comment,
    answer: a.answer,
    redacted: a.redacted,
  };
}

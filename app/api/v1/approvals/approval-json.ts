import type { ApprovalView } from "@/lib/approvals/queries";

/** The API's view of an approval request: snake_case, like the runs API. */
export function toApprovalJson(a: ApprovalView) {
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
    decided_at: a.decidedAt,
    decided_by: a.decidedBy,
    comment: a.comment,
    redacted: a.redacted,
  };
}

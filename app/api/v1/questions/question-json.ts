import { z } from "zod";
import type { ApprovalView } from "@/lib/approvals/queries";
import { timestamp } from "@/lib/http/json-shapes";

export const questionJson = z.object({
  id: z.string(),
  run_id: z.string(),
  agent: z.string(),
  seq: z.number(),
  question: z.string(),
  context: z.string().nullable(),
  reason: z.string(),
  status: z.enum(["pending", "answered", "expired", "cancelled"]),
  expires_at: timestamp,
  created_at: timestamp,
  answered_at: timestamp.nullable(),
  answered_by: z.string().nullable(),
  answer: z.string().nullable(),
  redacted: z.boolean(),
});

/** The API's view of an agent's question to a person (an inbox item of kind `question`). */
export function toQuestionJson(q: ApprovalView): z.input<typeof questionJson> {
  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    id: q.id,
    run_id: q.runId,
    agent: q.agentName,
    seq: q.seq,
    question: text(q.args.question) ?? "",
    context: text(q.args.context),
    reason: q.reason,
    status: q.status as "pending" | "answered" | "expired" | "cancelled",
    expires_at: q.expiresAt,
    created_at: q.createdAt,
    // Expired and cancelled questions have a decided_at too: only an answer has an answerer.
    answered_at: q.status === "answered" ? q.decidedAt : null,
    answered_by: q.status === "answered" ? q.decidedBy : null,
    answer: q.answer,
    redacted: q.redacted,
  };
}

import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { type Approval, approvals, type RunApproval, runs } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { announceApprovals } from "@/lib/engine-events/approvals-channel";
import { notifyRunQueued } from "@/lib/engine-events/run-channels";
import { stepNotifier } from "@/lib/engine-events/step-notifier";
import { AppError } from "@/lib/errors";

export const answerInput = z
  .object({
    answer: z
      .string({ error: "answer must be text." })
      .trim()
      .min(1, "Write an answer: the agent reads it as this question's result.")
      .max(4000, "An answer is at most 4,000 characters."),
  })
  .strict();

export type AnswerInput = z.input<typeof answerInput>;

/**
 * A person answers the agent's question (ask_person). The first answer wins; the run is queued
 * again and the answer reaches the model as the call's result, marked as a trusted person's.
 */
export async function answerQuestion(
  db: Db,
  actor: Actor,
  questionId: string,
  input: AnswerInput,
): Promise<Approval> {
  assertScope(actor, "approvals:decide");
  const { answer } = answerInput.parse(input);
  const question = await loadQuestion(db, actor, questionId);
  if (question.status !== "pending") throw alreadySettled(question);
  const answered = await db.transaction(async (tx) => {
    const now = new Date();
    const [row] = await tx
      .update(approvals)
      .set({ status: "answered", answer, decidedAt: now, decidedBy: actor.label })
      .where(and(eq(approvals.id, question.id), eq(approvals.status, "pending")))
      .returning();
    if (!row) return null;
    const resume: RunApproval = {
      approvalId: row.id,
      toolCallId: row.toolCallId,
      status: "answered",
      kind: "question",
      answer,
      decidedBy: actor.label,
      decidedAt: now.toISOString(),
      parkedAt: row.createdAt.toISOString(),
    };
    await tx
      .update(runs)
      .set({
        status: "queued",
        approval: resume,
        approvalWaitMs: sql`${runs.approvalWaitMs} + ${now.getTime() - row.createdAt.getTime()}`,
      })
      .where(and(eq(runs.id, row.runId), eq(runs.status, "waiting_input")));
    await recordAudit(tx, actor, {
      action: "question.answered",
      targetType: "approval",
      targetId: row.id,
      details: { run_id: row.runId, question: row.args.question, answer },
    });
    return row;
  });
  if (!answered) throw alreadySettled(await loadQuestion(db, actor, questionId));
  await notifyRunQueued(db, answered.runId).catch(() => {});
  stepNotifier(db.$client).announce(answered.tenantId, answered.runId, answered.seq - 1);
  await announceApprovals(db.$client, answered.tenantId);
  return answered;
}

async function loadQuestion(db: Db, actor: Actor, id: string): Promise<Approval> {
  const notFound = new AppError("not_found", "There is no such question.");
  if (!z.uuid().safeParse(id).success) throw notFound;
  const [row] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.id, id), eq(approvals.tenantId, actor.tenantId), eq(approvals.kind, "question")));
  if (!row) throw notFound;
  return row;
}

function alreadySettled(question: Approval): AppError {
  const when = question.decidedAt ? ` at ${question.decidedAt.toISOString()}` : "";
  const message =
    question.status === "expired"
      ? "Nobody answered this question in time: it expired and the run has stopped."
      : question.status === "cancelled"
        ? `This question was cancelled${question.comment ? `: ${question.comment}` : ""}.`
        : `Already answered by ${question.decidedBy ?? "someone else"}${when}.`;
  return new AppError("conflict", message, {
    details: { status: question.status, decided_by: question.decidedBy },
  });
}

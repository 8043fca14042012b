"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { appBaseUrl } from "@/lib/app-base-url";
import { type AnswerInput, answerQuestion } from "@/lib/approvals/answer-question";
import { type DecisionInput, decideApproval } from "@/lib/approvals/decide-approval";
import {
  type ApprovalListFilter,
  approvalDetail,
  listApprovals,
  toApprovalView,
} from "@/lib/approvals/queries";
import { can } from "@/lib/auth/actor";
import { runAction } from "@/lib/http/server-action";
import { requireActor } from "@/lib/sign-in/session";

/** The inbox's reads: what react-query fetches again whenever the approvals feed says "changed". */
export async function listApprovalsAction(filter: ApprovalListFilter) {
  return runAction(async () => listApprovals(getDb(), await requireActor("approvals:read"), filter));
}

export async function approvalDetailAction(id: string) {
  return runAction(async () => approvalDetail(getDb(), await requireActor("approvals:read"), id));
}

/** Approve (optionally with edited arguments) or reject with a comment; the use case does every check. */
export async function decideApprovalAction(id: string, input: DecisionInput) {
  const result = await runAction(async () => {
    const actor = await requireActor("approvals:decide");
    const decided = await decideApproval(getDb(), actor, id, input, appBaseUrl());
    return toApprovalView(decided, !can(actor, "payloads:read"));
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

/** Answer an agent's question: the run resumes with the answer; the use case does every check. */
export async function answerQuestionAction(id: string, input: AnswerInput) {
  const result = await runAction(async () => {
    const actor = await requireActor("approvals:decide");
    const answered = await answerQuestion(getDb(), actor, id, input);
    return toApprovalView(answered, !can(actor, "payloads:read"));
  });
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

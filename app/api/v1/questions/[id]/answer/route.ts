import { getDb } from "@/db/client";
import { answerInput, answerQuestion } from "@/lib/approvals/answer-question";
import { toApprovalView } from "@/lib/approvals/queries";
import { can } from "@/lib/auth/actor";
import { apiRoute } from "@/lib/http/api-route";
import { questionJson, toQuestionJson } from "../../question-json";

/** Answer an agent's question: the run resumes with the answer as the call's result; the first answer wins. */
export const POST = apiRoute<{ id: string }, typeof answerInput>(
  { scope: "approvals:decide", body: answerInput, responses: { 200: questionJson } },
  async ({ actor, body, params }) => {
    const answered = await answerQuestion(getDb(), actor, params.id, body);
    return toQuestionJson(toApprovalView(answered, !can(actor, "payloads:read")));
  },
);

import { z } from "zod";
import { getDb } from "@/db/client";
import { approvalListSchema, listApprovals } from "@/lib/approvals/queries";
import { apiRoute } from "@/lib/http/api-route";
import { questionJson, toQuestionJson } from "./question-json";

const questionListSchema = approvalListSchema.omit({ kind: true, tool: true });
const page = z.object({ questions: z.array(questionJson), next_cursor: z.string().nullable() });

/** `?status=pending|decided&agent=&cursor=&limit=`: the agents' questions, pending oldest first. */
export const GET = apiRoute(
  { scope: "approvals:read", query: questionListSchema, responses: { 200: page } },
  async ({ actor, query }) => {
    const page = await listApprovals(getDb(), actor, { ...query, kind: "question" });
    return { questions: page.approvals.map(toQuestionJson), next_cursor: page.nextCursor };
  },
);

import { getDb } from "@/db/client";
import { appBaseUrl } from "@/lib/app-base-url";
import { decideApproval, decisionInput } from "@/lib/approvals/decide-approval";
import { toApprovalView } from "@/lib/approvals/queries";
import { can } from "@/lib/auth/actor";
import { apiRoute } from "@/lib/http/api-route";
import { approvalJson, toApprovalJson } from "../../approval-json";

/** Approve (optionally with edited arguments) or reject (with a comment) a parked call; the first decision wins. */
export const POST = apiRoute<{ id: string }, typeof decisionInput>(
  { scope: "approvals:decide", body: decisionInput, responses: { 200: approvalJson } },
  async ({ actor, body, params }) => {
    const decided = await decideApproval(getDb(), actor, params.id, body, appBaseUrl());
    return toApprovalJson(toApprovalView(decided, !can(actor, "payloads:read")));
  },
);

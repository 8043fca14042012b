import { z } from "zod";
import { getDb } from "@/db/client";
import { approvalListSchema, listApprovals } from "@/lib/approvals/queries";
import { apiRoute } from "@/lib/http/api-route";
import { approvalJson, toApprovalJson } from "./approval-json";

/** `?status=pending|decided&agent=&tool=&cursor=&limit=`: pending oldest first, decided newest first. */
const page = z.object({ approvals: z.array(approvalJson), next_cursor: z.string().nullable() });

export const GET = apiRoute(
  { scope: "approvals:read", query: approvalListSchema, responses: { 200: page } },
  async ({ actor, query }) => {
    const page = await listApprovals(getDb(), actor, query);
    return { approvals: page.approvals.map(toApprovalJson), next_cursor: page.nextCursor };
  },
);

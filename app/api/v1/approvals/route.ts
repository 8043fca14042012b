import { z } from "zod";
import { getDb } from "@/db/client";
import { listApprovals } from "@/lib/approvals/queries";
import { apiRoute } from "@/lib/http/api-route";
import { approvalJson, toApprovalJson } from "./approval-json";

/** `?status=pending|decided&agent=&tool=&cursor=&limit=`: pending oldest first, decided newest first. */
const page = z.object({ approvals: z.array(approvalJson), next_cursor: z.string().nullable() });

export const GET = apiRoute(
  { scope: "approvals:read", responses: { 200: page } },
  async ({ actor, request }) => {
    const query = Object.fromEntries(new URL(request.url).searchParams);
    const page = await listApprovals(getDb(), actor, query);
    return { approvals: page.approvals.map(toApprovalJson), next_cursor: page.nextCursor };
  },
);

import { getDb } from "@/db/client";
import { listApprovals } from "@/lib/approvals/queries";
import { apiRoute } from "@/lib/http/api-route";
import { toApprovalJson } from "./approval-json";

/** `?status=pending|decided&agent=&tool=&cursor=&limit=`: pending oldest first, decided newest first. */
export const GET = apiRoute({ scope: "approvals:read" }, async ({ actor, request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const page = await listApprovals(getDb(), actor, query);
  return { approvals: page.approvals.map(toApprovalJson), next_cursor: page.nextCursor };
});

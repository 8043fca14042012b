import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { getOpsReport } from "@/lib/metrics/queries";
import { getUndoRate } from "@/lib/metrics/undo-rate";

export const GET = apiRoute({ scope: "dashboards:read" }, async ({ actor, request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const db = getDb();
  const [report, undo] = await Promise.all([getOpsReport(db, actor, query), getUndoRate(db, actor, query)]);
  return { ...report, undo_rate: undo };
});

import { getDb } from "@/db/client";
import { can } from "@/lib/auth/actor";
import { apiRoute } from "@/lib/http/api-route";
import { getRun, getRunSteps } from "@/lib/runs/queries";
import { toRunDetail } from "@/lib/runs/run-json";

export const GET = apiRoute<{ id: string }>({ scope: "runs:read" }, async ({ actor, params }) => {
  const db = getDb();
  const run = await getRun(db, actor, params.id);
  return toRunDetail(run, await getRunSteps(db, actor, run.id), !can(actor, "payloads:read"));
});

import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { getRun, getRunSteps } from "@/lib/runs/queries";
import { toRunDetail } from "@/lib/runs/run-json";

export const GET = apiRoute<{ id: string }>({ scope: "runs:read" }, async ({ actor, params }) => {
  const db = getDb();
  const run = await getRun(db, actor, params.id);
  const [steps, redactor] = await Promise.all([getRunSteps(db, actor, run.id), redactorFor(db, actor)]);
  return toRunDetail(run, steps, redactor);
});

import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { receiptLinks } from "@/lib/receipts/links";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { getRunSteps } from "@/lib/runs/queries";
import { runDetailJson, toRunDetail } from "@/lib/runs/run-json";
import { waitForRun, waitQuery } from "@/lib/runs/wait-run";

/** A run with its steps and receipts; `?wait=30` answers once it ends or waits on a person (≤ 60 s). */
export const GET = apiRoute<{ id: string }, undefined, typeof waitQuery>(
  { scope: "runs:read", query: waitQuery, responses: { 200: runDetailJson } },
  async ({ actor, params, query }) => {
    const db = getDb();
    const run = await waitForRun(db, actor, params.id, query.wait);
    const [steps, receipts, redactor] = await Promise.all([
      getRunSteps(db, actor, run.id),
      receiptLinks(db, actor, run.id),
      redactorFor(db, actor),
    ]);
    return toRunDetail(run, steps, redactor, receipts);
  },
);

import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { redactorFor } from "@/lib/redaction/tenant-rules";
import { listRuns } from "@/lib/runs/queries";
import { toRunSummary } from "@/lib/runs/run-json";
import { startRun, startRunSchema } from "@/lib/runs/start-run";

export const POST = apiRoute({ scope: "runs:start", body: startRunSchema }, async ({ actor, body }) => {
  const run = await startRun(getDb(), actor, body);
  return Response.json(
    { id: run.id, status: run.status },
    { status: 201, headers: { location: `/api/v1/runs/${run.id}` } },
  );
});

export const GET = apiRoute({ scope: "runs:read" }, async ({ actor, request }) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const [page, redactor] = await Promise.all([listRuns(getDb(), actor, query), redactorFor(getDb(), actor)]);
  return { runs: page.runs.map((run) => toRunSummary(run, redactor)), next_cursor: page.nextCursor };
});

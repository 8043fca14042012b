import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { promoteRun } from "@/lib/runs/promote-run";

/** Executes a finished dry run's actions for real, as a new live run. */
export const POST = apiRoute<{ id: string }>({ scope: "runs:start" }, async ({ actor, params }) => {
  const run = await promoteRun(getDb(), actor, params.id);
  return Response.json(
    { id: run.id, status: run.status, promoted_from: params.id },
    { status: 201, headers: { location: `/api/v1/runs/${run.id}` } },
  );
});

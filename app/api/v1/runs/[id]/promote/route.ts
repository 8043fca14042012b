import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { promoteRun } from "@/lib/runs/promote-run";

const promoted = z.object({ id: z.string(), status: z.string(), promoted_from: z.string() });

/** Executes a finished dry run's actions for real, as a new live run. */
export const POST = apiRoute<{ id: string }>(
  { scope: "runs:start", responses: { 201: promoted } },
  async ({ actor, params }) => {
    const run = await promoteRun(getDb(), actor, params.id);
    return Response.json(
      { id: run.id, status: run.status, promoted_from: params.id },
      { status: 201, headers: { location: `/api/v1/runs/${run.id}` } },
    );
  },
);

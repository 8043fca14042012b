import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { finishByHandInput, finishRunByHand } from "@/lib/runs/finish-run-by-hand";

const finished = z.object({
  id: z.string(),
  status: z.enum(["succeeded", "failed"]),
  stop_reason: z.literal("finished_by_operator"),
  output: z.string(),
});

/**
 * Ends a run the caller took over (`POST /api/v1/kill` with scope `run_pause`) with their own
 * account of it: succeeded or failed, stop reason `finished_by_operator`; the hold is released.
 */
export const POST = apiRoute<{ id: string }, typeof finishByHandInput>(
  { scope: "runs:steer", body: finishByHandInput, responses: { 200: finished } },
  async ({ actor, params, body }) => {
    const run = await finishRunByHand(getDb(), actor, params.id, body);
    return { id: run.runId, status: run.status, stop_reason: run.stopReason, output: run.output };
  },
);
